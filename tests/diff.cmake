# diff tests: the comparison and word diff on benchmarks built by hand (unit); scapula diff on
# DISA's real releases is in tests/cli/diff-*, three of them checked against an independent
# reading of the XCCDF files (tests/oracles/diff_oracle.py).
scapula_unit_test(diff)
