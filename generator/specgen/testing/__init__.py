"""The contract-test framework: code the generated tests and specgen's own tests share.

`server`: the recording HTTP server on 127.0.0.1. Importing `specgen.testing` imports nothing
else: the generator does not need what the tests need.
"""
