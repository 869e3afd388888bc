# hostile tests
