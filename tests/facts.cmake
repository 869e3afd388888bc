# facts tests
