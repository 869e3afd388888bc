# benchmark tests: the model (unit) and the stigs / rules / show commands (tests/cli/{stigs,rules,show}-*)
scapula_unit_test(benchmark)
