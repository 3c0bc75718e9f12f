# The naive forecast "next value = last value" on the series, as metrics JSON (val_mse in the series' own units;
# compare with train's val_mse when data/sequence does not rescale values). Usage: awk -f baseline.awk data/series.csv
NR > 1 { if (NR > 2) { d = $2 - last; sum += d * d; n++ } last = $2 }
END { printf "{\"naive_mse\": %.6f, \"windows\": %d}\n", sum / n, n }
