# Writes a seeded, noisy two-tone series as CSV (t,value): a forecasting task where "tomorrow = today" is a poor guess
# but the periodic structure is learnable. Usage: awk -v seed=7 -v n=3000 -f generate.awk > data/series.csv
BEGIN {
  srand(seed); pi = atan2(0, -1)
  print "t,value"
  for (t = 0; t < n; t++) {
    # Box-Muller: Gaussian noise from two uniforms.
    noise = sqrt(-2 * log(1 - rand())) * cos(2 * pi * rand())
    printf "%d,%.6f\n", t, sin(2 * pi * t / 24) + 0.5 * sin(2 * pi * t / 7) + 0.1 * noise
  }
}
