# package tests
