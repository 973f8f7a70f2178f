"""`specgen diff`: breaking changes between two versions of a spec, on the wire and in the
Python API the generated package offers.

Stages: `sides` reads each side (a file or `git:REV:PATH`), `resolve` and `operations` give the
resolved view both are compared in, `wire` (with `params`, `bodies`, `responses`, `schemas`,
`keywords`, `security`, `servers`) and `python_api` emit findings under the ids of `rules`,
`ignore` drops accepted ones, `semver` suggests a version and `report` prints them.
"""
