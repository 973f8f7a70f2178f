# Vendored by specgen; do not edit (`specgen generate` writes it again). Not generated from the
# spec: a verbatim copy of specgen/testing/__init__.py, the same for every API.
# SPDX-License-Identifier: MIT
"""The contract-test framework: the part of every generated `tests/` folder that is the same for
every API.

These modules are plain, typed Python, linted, type-checked (`mypy --strict`) and tested here, in
place, as `specgen.testing`. The render stage (`specgen.render.testkit`) copies each of them
verbatim into `<out>/tests/contract_testing/`, under a header that says so; only the per-API part
(`contract_api.py`, which names the generated client's methods, keywords and models, the embedded
`openapi.yaml`, `conftest.py` and the `test_*.py` entry points) is rendered from templates. So the
generated tests need specgen neither to run nor to be read, and every import in here is relative.

Modules, one job each:

- `server`: the recording HTTP server on 127.0.0.1;
- `api`: what the generator says about the client (`Api`, `Operation`, ...);
- `spec`: reading the embedded spec (JSON pointers, parameters, security, schema validation);
- `schemas`: walking schemas (alternatives, property schemas, types);
- `values`: values of the spec's schemas (its examples, or drawn), checked by its validator;
- `views`: schemathesis' views of the document, whose strategies the values are drawn from;
- `forgetting`: which strategies are kept, and emptying the libraries' caches of the rest;
- `compare`: comparing JSON values, dumping parsed models;
- `wire`: how parameters and form bodies look on the wire;
- `validation`: openapi-core, the independent validator;
- `client`: calling the generated client, sync or async;
- `request_checks`, `requests`: what a request must look like, and the request cases;
- `responses`: the response cases; `patch`: PATCH semantics; `live`: live mode;
- `plugin`: the pytest options and fixtures (`conftest.py` imports them).

Importing `specgen.testing` imports nothing else: the generator reads these files as data and does
not need pytest, hypothesis, schemathesis or openapi-core.
"""
