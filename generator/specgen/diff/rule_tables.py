"""The rule tables the registry (`rules.py`) is built from: one rule a line.

Levels follow oasdiff's where the id is oasdiff's; tests/diff/test_diff_rules.py lists every level
that differs, with its reason.
"""

# Schema change kinds: `kind | level when the caller sends it | when the API sends it | meaning`.
# Bounds (max, min-length, ...) are added by rules.py.
KINDS = """
type-changed | error | error | the type changed
type-generalized | info | error | the type was widened (integer to number, or no longer set)
type-specialized | error | info | the type was narrowed (number to integer, or newly set)
type-compatible | info | info | the type changed between object and string in an XML body
list-of-types-widened | info | error | a type was added to the list of types
list-of-types-narrowed | error | info | a type was removed from the list of types
format-changed | error | error | the format changed
format-generalized | info | error | the format was widened (int32 to int64, float to double)
format-specialized | error | info | the format was narrowed (int64 to int32, double to float)
format-added | warning | info | a format was set
format-removed | info | warning | the format was removed
became-nullable | info | error | null became allowed
became-not-nullable | error | info | null is no longer allowed
became-enum | error | info | the values were restricted to an enum
no-longer-enum | info | warning | the enum was removed: any value of the type is allowed
enum-value-added | info | warning | an enum value was added
enum-value-removed | error | info | an enum value was removed
x-extensible-enum-value-removed | error | info | an x-extensible-enum value was removed
const-added | error | info | a const was set
const-removed | info | error | the const was removed
const-changed | error | error | the const changed
default-value-added | warning | info | a default was set
default-value-removed | warning | info | the default was removed
default-value-changed | warning | info | the default changed
multiple-of-set | warning | info | a multipleOf was set
multiple-of-unset | info | warning | the multipleOf was removed
multiple-of-changed | warning | warning | the multipleOf changed
unique-items-set | error | info | uniqueItems was set
unique-items-unset | info | warning | uniqueItems was removed
pattern-added | error | info | a pattern was set
pattern-removed | info | warning | the pattern was removed
pattern-changed | warning | warning | the pattern changed
pattern-generalized | info | warning | the pattern now matches any string
additional-properties-closed | error | info | additionalProperties became false
additional-properties-opened | info | warning | additionalProperties is no longer false
additional-properties-narrowed | error | info | additionalProperties gained a schema
additional-properties-widened | info | warning | additionalProperties lost its schema
discriminator-added | warning | info | a discriminator was added
discriminator-removed | info | warning | the discriminator was removed
discriminator-property-name-changed | error | error | the discriminator's propertyName changed
discriminator-mapping-added | info | warning | a discriminator mapping value was added
discriminator-mapping-deleted | error | info | a discriminator mapping value was removed
discriminator-mapping-changed | error | error | a discriminator mapping value changed target
deprecated | info | info | it was marked deprecated
reactivated | info | info | it is no longer deprecated
became-read-only | warning | info | it became readOnly
became-not-read-only | info | info | it is no longer readOnly
became-write-only | info | warning | it became writeOnly
became-not-write-only | info | info | it is no longer writeOnly
one-of-added | info | error | a oneOf branch was added
one-of-removed | error | info | a oneOf branch was removed
any-of-added | info | warning | an anyOf branch was added
any-of-removed | error | info | an anyOf branch was removed
wrapped-in-one-of | info | error | the schema became a branch of a new oneOf/anyOf
not-added | error | info | a `not` schema was added
not-removed | info | error | the `not` schema was removed
not-changed | warning | warning | the `not` schema changed
items-added | error | info | an items schema was set
items-removed | info | error | the items schema was removed
prefix-items-added | error | info | prefixItems were added
prefix-items-removed | info | error | prefixItems were removed
contains-added | error | info | a contains schema was added
contains-removed | info | error | the contains schema was removed
if-added | error | info | an `if` schema was added
if-removed | info | error | the `if` schema was removed
then-added | error | info | a `then` schema was added
then-removed | info | error | the `then` schema was removed
else-added | error | info | an `else` schema was added
else-removed | info | error | the `else` schema was removed
dependent-required-added | error | info | a dependentRequired entry was added
dependent-required-removed | info | error | a dependentRequired entry was removed
dependent-required-changed | error | error | a dependentRequired entry changed
dependent-schema-added | error | info | a dependentSchemas entry was added
dependent-schema-removed | info | error | a dependentSchemas entry was removed
pattern-property-added | error | info | a patternProperties entry was added
pattern-property-removed | info | error | a patternProperties entry was removed
property-names-added | error | info | a propertyNames schema was added
property-names-removed | info | error | the propertyNames schema was removed
unevaluated-items-added | error | info | an unevaluatedItems schema was added
unevaluated-items-removed | info | error | the unevaluatedItems schema was removed
unevaluated-properties-added | error | info | an unevaluatedProperties schema was added
unevaluated-properties-removed | info | error | the unevaluatedProperties schema was removed
content-schema-added | error | info | a contentSchema was added
content-schema-removed | info | error | the contentSchema was removed
content-media-type-changed | error | error | the contentMediaType changed
content-encoding-changed | error | error | the contentEncoding changed
"""

# Properties coming and going, per family of scopes: `kind | rule id | level | meaning`.
PROPERTIES = """
[request]
required-added | new-required-request-property | error | a required property was added
optional-added | new-optional-request-property | info | an optional property was added
removed | request-property-removed | warning | a property was removed (the object stays open)
closed-removed | request-closed-object-property-removed | error | a property was removed from
    an object that allows no other properties
became-required | request-property-became-required | error | a property became required
became-optional | request-property-became-optional | info | a property became optional
[parameter]
required-added | new-required-request-parameter-property | error | a required property was
    added to a parameter's object
optional-added | new-optional-request-parameter-property | info | an optional property was
    added to a parameter's object
removed | request-parameter-property-removed | warning | a property was removed from a
    parameter's object
closed-removed | request-parameter-closed-object-property-removed | error | a property was
    removed from a parameter's object that allows no other properties
became-required | request-parameter-property-became-required | error | a property of a
    parameter's object became required
became-optional | request-parameter-property-became-optional | info | a property of a
    parameter's object became optional
[response]
required-added | response-required-property-added | info | a required property was added
optional-added | response-optional-property-added | info | an optional property was added
removed | response-optional-property-removed | warning | an optional property was removed
required-removed | response-required-property-removed | error | a required property was removed
became-required | response-property-became-required | info | a property became required
became-optional | response-property-became-optional | error | a property became optional
[webhook]
required-added | webhook-payload-required-property-added | info | a required property was
    added to a webhook payload
optional-added | webhook-payload-optional-property-added | info | an optional property was
    added to a webhook payload
removed | webhook-payload-optional-property-removed | warning | an optional property was
    removed from a webhook payload
required-removed | webhook-payload-required-property-removed | error | a required property
    was removed from a webhook payload
became-required | webhook-payload-property-became-required | info | a property of a webhook
    payload became required
became-optional | webhook-payload-property-became-optional | error | a property of a webhook
    payload became optional
"""

# Paths, operations, parameters, bodies, responses, security, servers and components, under
# `[area: direction]` headers: `id | level | meaning` (an indented line continues the meaning).
SPECIFIC = """
[paths: none]
endpoint-added | info | an operation was added
api-path-removed-without-deprecation | error | a path was removed without being deprecated first
api-path-removed-with-deprecation | info | a deprecated path was removed after its sunset
api-path-removed-before-sunset | error | a deprecated path was removed before its x-sunset date
api-removed-without-deprecation | error | an operation was removed without being deprecated first
api-removed-with-deprecation | info | a deprecated operation was removed after its sunset
api-removed-before-sunset | error | a deprecated operation was removed before its x-sunset date
api-deprecated-sunset-parse | error | a deprecated operation's x-sunset is not a date (YYYY-MM-DD)
endpoint-deprecated | info | an operation was marked deprecated
endpoint-reactivated | info | an operation is no longer deprecated
api-operation-id-changed | info | the operationId changed (harmless on the wire)
api-operation-id-added | info | an operationId was set
api-operation-id-removed | info | the operationId was removed
api-tag-added | info | a tag was added to an operation
api-tag-removed | info | a tag was removed from an operation
webhook-added | info | a webhook was added
webhook-removed | error | a webhook was removed
[parameters: request]
new-required-request-parameter | error | a required parameter was added
new-optional-request-parameter | info | an optional parameter was added
request-parameter-removed | error | a parameter was removed without being deprecated first
request-parameter-removed-with-deprecation | info | a deprecated parameter was removed after its
    sunset
request-parameter-removed-before-sunset | error | a deprecated parameter was removed before its
    x-sunset date
request-parameter-sunset-parse | error | a deprecated parameter's x-sunset is not a date
    (YYYY-MM-DD)
request-parameter-became-required | error | a parameter became required
request-parameter-became-optional | info | a parameter became optional
request-parameter-location-changed | error | a parameter moved to another location (query, header,
    path, cookie)
request-parameter-style-changed | error | a parameter's serialization style changed
request-parameter-explode-changed | error | a parameter's explode changed
request-parameter-media-type-changed | error | the media type of a parameter's content changed
request-parameter-deprecated | info | a parameter was marked deprecated
request-parameter-reactivated | info | a parameter is no longer deprecated
[request-body: request]
request-body-added-required | error | a required request body was added
request-body-added-optional | info | an optional request body was added
request-body-removed | error | the request body was removed
request-body-became-required | error | the request body became required
request-body-became-optional | info | the request body became optional
request-body-media-type-added | info | a request media type was added
request-body-media-type-removed | error | a request media type was removed
[request-body: response]
webhook-payload-became-optional | error | a webhook's payload may now be absent
webhook-payload-became-required | info | a webhook's payload is now always sent
webhook-payload-media-type-added | warning | a webhook may send a new media type
webhook-payload-media-type-removed | info | a webhook no longer sends a media type
[responses: response]
response-success-status-removed | error | a success status was removed
response-success-status-added | info | a success status was added
response-non-success-status-removed | info | an error status was removed
response-non-success-status-added | info | an error status was added
response-media-type-removed | error | a response media type was removed
response-media-type-added | info | a response media type was added
response-header-added | info | a response header was added
required-response-header-removed | error | a required response header was removed
optional-response-header-removed | warning | an optional response header was removed
response-header-became-optional | error | a response header became optional
response-header-became-required | info | a response header became required
[security: none]
api-security-added | error | an operation needs credentials its callers did not need
api-security-alternative-added | info | an operation accepts a new way to authenticate; the old
    ones still work
api-security-removed | error | an operation no longer accepts a way to authenticate its callers
    used
api-security-relaxed | info | an operation's security requirement was removed or relaxed
api-security-scope-added | error | an operation needs a new OAuth scope
api-security-scope-removed | info | an operation no longer needs an OAuth scope
api-global-security-added | error | the API needs credentials its callers did not need
api-global-security-alternative-added | info | the API accepts a new way to authenticate; the old
    ones still work
api-global-security-removed | error | the API no longer accepts a way to authenticate its callers
    used
api-global-security-relaxed | info | the API's security requirement was removed or relaxed
api-global-security-scope-added | error | the API needs a new OAuth scope
api-global-security-scope-removed | info | the API no longer needs an OAuth scope
api-security-component-added | info | a security scheme was added
api-security-component-removed | info | a security scheme was removed (its uses are reported per
    operation)
api-security-component-type-changed | error | a security scheme's type changed
api-security-component-scheme-changed | error | how a security scheme's credential is sent changed
    (http scheme, apiKey name or location)
api-security-component-oauth-flow-added | info | an OAuth flow was added
api-security-component-oauth-flow-removed | error | an OAuth flow was removed
api-security-component-oauth-url-changed | warning | an OAuth authorizationUrl changed
api-security-component-oauth-token-url-changed | warning | an OAuth tokenUrl or refreshUrl changed
api-security-component-oauth-scope-added | info | an OAuth scope was added to a flow
api-security-component-oauth-scope-removed | warning | an OAuth scope was removed from a flow
api-security-component-openid-url-changed | warning | an openIdConnectUrl changed
[servers: none]
api-server-added | info | a server was added
api-server-removed | error | a server was removed
api-server-variable-added | info | a server variable was added
api-server-variable-removed | error | a server variable was removed
api-server-variable-enum-value-added | info | a server variable value was added
api-server-variable-enum-value-removed | error | a server variable value was removed
api-server-variable-default-changed | warning | a server variable's default changed
[components: none]
api-schema-added | info | a component schema was added
api-schema-removed | info | a component schema was removed
"""

# The generated package: what user code that imports it sees.
PYTHON = """
[python: none]
python-package-renamed | error | the generated package's import name changed
python-client-renamed | error | the generated client class was renamed
python-client-keyword-removed | error | a keyword of the client constructor was removed
python-client-keyword-renamed | error | a keyword of the client constructor was renamed
python-client-keyword-became-required | error | a client constructor keyword became required
python-client-keyword-type-changed | warning | a client constructor keyword's type changed
python-client-keyword-added | info | a keyword was added to the client constructor
python-method-removed | error | a method was removed
python-method-removed-with-deprecation | info | a deprecated method was removed after its sunset
python-method-renamed | error | a method was renamed (e.g. its operationId changed)
python-method-moved | error | a method moved to another resource (its first tag changed)
python-method-added | info | a method was added
python-keyword-removed | error | a keyword argument of a method was removed
python-keyword-removed-with-deprecation | info | a deprecated keyword argument was removed after
    its sunset
python-keyword-renamed | error | a keyword argument of a method was renamed
python-keyword-became-required | error | a keyword argument became required
python-keyword-added-required | error | a required keyword argument was added
python-keyword-added | info | an optional keyword argument was added
python-keyword-became-optional | info | a keyword argument became optional
python-keyword-type-changed | warning | a keyword argument's type annotation changed
python-return-type-changed | warning | a method's return type changed
python-model-removed | error | a model class was removed or renamed
python-model-added | info | a model class was added
python-model-field-removed | error | a field of a model class was removed
python-model-field-added-required | error | a required field was added to a model class
python-model-field-became-required | error | a field of a model class became required
python-model-field-added | info | an optional field was added to a model class
python-model-field-type-changed | warning | a field's type annotation changed
python-enum-member-removed | error | a member of an enum class was removed
python-enum-member-added | info | a member was added to an enum class
"""
