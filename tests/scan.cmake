# scan tests
