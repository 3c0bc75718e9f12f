// The plotly.js that `repro plots` inlines: the core (which brings scatter) and the three other trace types the report
// draws. Keep this list equal to PlotlyScript.Traces (a test checks every chart of a report against it).
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/heatmap'), require('plotly.js/lib/parcoords')]);
window.Plotly = Plotly;
