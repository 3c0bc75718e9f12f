# Writes a seeded, noisy two-tone series as CSV (t,value): a forecasting task where "next = last" is a poor guess but
# the periodic structure is learnable. Usage: awk -v seed=7 -v n=3000 -f generate.awk > data/series.csv
# Its own generator (Park-Miller: every product stays below 2^53, so exact in any awk's doubles) instead of rand(),
# which differs between mawk, gawk and busybox: the same seed gives the same file everywhere.
function uniform() { state = (16807 * state) % 2147483647; return state / 2147483647 }
BEGIN {
  state = seed % 2147483646 + 1; pi = atan2(0, -1)
  print "t,value"
  for (t = 0; t < n; t++) {
    # Box-Muller: Gaussian noise from two uniforms.
    noise = sqrt(-2 * log(1 - uniform())) * cos(2 * pi * uniform())
    printf "%d,%.6f\n", t, sin(2 * pi * t / 24) + 0.5 * sin(2 * pi * t / 7) + 0.1 * noise
  }
}
