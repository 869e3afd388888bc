# benchmark tests
