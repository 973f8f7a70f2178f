"""Helpers shared by the test suite: a scripted HTTP server and the rendered runtime package."""
