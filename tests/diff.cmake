# diff tests
