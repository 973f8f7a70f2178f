"""What `specgen diff` should find (on the wire) for each named pair of oasdiff's checker test data,
`../shared/corpus/oasdiff-data/checker/NAME_base.yaml` → `NAME_revision.yaml`.

Written by reading each pair. `rule level` per finding, repeated when it occurs more than once.
Where a pair is named after an oasdiff rule and the level here differs from oasdiff's, or where the
resolved view finds something else than the name suggests, a comment says why (the reasons for
every level that differs from oasdiff's are also listed in tests/diff/test_diff_rules.py).
"""

from __future__ import annotations

PAIRS: dict[str, list[str]] = {
    "add_new_media_type": ["response-media-type-added info"],
    # `kind` left both `properties` and `required` of the objects in additionalProperties.
    "additional_properties_traversal": ["response-required-property-removed error"],
    # oasdiff: INFO. Callers that sent no credentials are refused now: that breaks them.
    "api_security_added": ["api-security-added error"],
    "api_security_global_added": ["api-global-security-added error"],
    "api_security_updated": ["api-security-scope-removed info"],
    # The path item's parameter applies to the operation (effective parameters).
    "common_request_parameter_max_items_updated": ["request-parameter-max-items-increased info"],
    "component_security_updated": ["api-security-component-added info"],
    "contains_added": ["request-body-contains-added error", "response-body-contains-added info"],
    "contains_min_max": [
        "request-body-min-contains-increased error",
        "request-body-max-contains-increased info",
        "response-body-min-contains-increased info",
        "response-body-max-contains-increased error",
    ],
    # minContains: 1 is the default, so only maxContains is newly set.
    "contains_property": [
        "request-property-contains-added error",
        "request-property-max-contains-set warning",
        "response-property-contains-added info",
        "response-property-max-contains-set info",
    ],
    "contains_property_min_max": [
        "request-property-min-contains-increased error",
        "request-property-max-contains-increased info",
        "response-property-min-contains-increased info",
        "response-property-max-contains-increased error",
    ],
    "content_schema": [
        "request-property-content-media-type-changed error",
        "request-property-content-encoding-changed error",
        "request-property-content-schema-added error",
        "response-property-content-media-type-changed error",
        "response-property-content-encoding-changed error",
        "response-property-content-schema-added info",
    ],
    "content_schema_body": [
        "request-body-content-media-type-changed error",
        "request-body-content-encoding-changed error",
        "request-body-content-schema-added error",
        "response-body-content-media-type-changed error",
        "response-body-content-encoding-changed error",
        "response-body-content-schema-added info",
    ],
    "content_schema_prop": [
        "request-property-content-media-type-changed error",
        "request-property-content-encoding-changed error",
        "request-property-content-schema-added error",
        "response-property-content-media-type-changed error",
        "response-property-content-encoding-changed error",
        "response-property-content-schema-added info",
    ],
    "dependent_required": [
        "request-body-dependent-required-added error",
        "response-body-dependent-required-added info",
    ],
    "dependent_required_property": [
        "request-property-dependent-required-added error",
        "response-property-dependent-required-added info",
    ],
    "dependent_required_property_changed": [
        "request-property-dependent-required-changed error",
        "response-property-dependent-required-changed error",
    ],
    "dependent_schemas": [
        "request-body-dependent-schema-added error",
        "response-body-dependent-schema-added info",
    ],
    "dependent_schemas_prop": [
        "request-property-dependent-schema-added error",
        "response-property-dependent-schema-added info",
    ],
    "exclusive_min_max": [
        "request-parameter-exclusive-min-increased error",
        "request-parameter-exclusive-max-decreased error",
        "request-body-exclusive-min-increased error",
        "request-body-exclusive-max-decreased error",
        "request-property-exclusive-min-increased error",
        "request-property-exclusive-max-decreased error",
        "response-body-exclusive-max-increased error",
        "response-property-exclusive-max-increased error",
    ],
    "exclusive_min_max_set": [
        "request-parameter-exclusive-min-set warning",
        "request-parameter-exclusive-max-set warning",
        "request-body-exclusive-min-set warning",
        "request-body-exclusive-max-set warning",
        "request-property-exclusive-min-set warning",
        "request-property-exclusive-max-set warning",
    ],
    "if_added": [
        "request-body-if-added error",
        "request-body-then-added error",
        "request-body-else-added error",
        "response-body-if-added info",
        "response-body-then-added info",
        "response-body-else-added info",
    ],
    "if_added_prop": [
        "request-property-if-added error",
        "request-property-then-added error",
        "request-property-else-added error",
        "response-property-if-added info",
        "response-property-then-added info",
        "response-property-else-added info",
    ],
    # The array's items schema is gone: any item is accepted now.
    "nil_revision_subschema": ["request-property-items-removed info"],
    # A change inside `not` reverses its sense; it is reported as such, not as a narrowing.
    "not": ["request-body-not-changed warning"],
    "nullable_type_array_param": [
        "request-parameter-became-not-nullable error",
        "request-parameter-property-became-not-nullable error",
    ],
    "nullable_type_array_response": ["response-property-became-not-nullable info"],
    # `oneOf: [{type: "null"}, X]` reads as "X became nullable", not as a new oneOf.
    "nullable_wrap": ["request-property-became-nullable info"] * 3,
    "nullable_wrap_body": ["request-body-became-nullable info"],
    # ...and a change inside X (an enum value removed) is still found.
    "nullable_wrap_narrowed": [
        "request-property-became-nullable info",
        "request-property-enum-value-removed error",
    ],
    "nullable_wrap_param": ["request-parameter-became-nullable info"],
    "nullable_wrap_response": ["response-property-became-nullable error"],
    "pattern_properties": [
        "request-body-pattern-property-added error",
        "response-body-pattern-property-added info",
    ],
    "pattern_properties_prop": [
        "request-property-pattern-property-added error",
        "response-property-pattern-property-added info",
    ],
    # oasdiff: request INFO, response ERR. prefixItems constrain the first items, so adding them
    # narrows what an array may hold: an error for callers, nothing for clients.
    "prefix_items_added": [
        "request-body-prefix-items-added error",
        "response-body-prefix-items-added info",
    ],
    "prefix_items_prop": [
        "request-property-prefix-items-added error",
        "response-property-prefix-items-added info",
    ],
    "property_names": [
        "request-body-property-names-added error",
        "response-body-property-names-added info",
    ],
    "property_names_prop": [
        "request-property-property-names-added error",
        "response-property-property-names-added info",
    ],
    # Cat and Rabbit are the same schema: the anyOf accepts exactly what it did.
    "request_body_any_of_media_type": [],
    "request_body_const_changed": [
        "request-body-const-changed error",
        "request-body-media-type-removed error",
    ],
    # oasdiff: INFO. Callers who leave the value out now mean something else: a warning.
    "request_body_default_value_changed": [
        "request-body-default-value-changed warning",
        "request-body-media-type-removed error",
    ],
    "request_body_max_length_set": ["request-body-max-length-set warning"],
    "request_body_max_set": ["request-body-max-set warning"],
    "request_body_media_type_updated": ["request-body-media-type-added info"],
    "request_body_nullable_31": [
        "request-body-became-nullable info",
        "response-body-became-nullable error",
    ],
    "request_body_removed": ["request-body-removed error"],
    # Another type: nothing else about the schema is compared (no noise about items or null).
    "request_param_multitype_to_array_31": ["request-parameter-type-changed error"],
    "request_param_nullable_to_array_31": ["request-parameter-type-changed error"],
    "request_param_scalar_to_array_31": ["request-parameter-type-changed error"],
    "request_param_scalar_to_constrained_array_31": ["request-parameter-type-changed error"],
    "request_parameter_array_max_items": ["request-parameter-max-items-decreased error"],
    # string → integer with an enum: the type change is the finding (the enum is of another type).
    "request_parameter_became_enum": ["request-parameter-type-changed error"],
    # oasdiff: ERR. The callers' requests stay valid; those who omit it get another default.
    "request_parameter_default_value_changed": ["request-parameter-default-value-changed warning"],
    "request_parameter_enum_value_updated": ["request-parameter-enum-value-removed error"],
    "request_parameter_extensible_enum": [
        "request-parameter-x-extensible-enum-value-removed error"
    ],
    # maxItems of the string items (meaningless, but compared like any keyword).
    "request_parameter_max_items_updated": ["request-parameter-max-items-increased info"],
    "request_parameter_max_length_set": ["request-parameter-max-length-set warning"],
    "request_parameter_max_length_updated": ["request-parameter-max-length-increased info"],
    "request_parameter_max_updated": ["request-parameter-max-increased info"],
    "request_parameter_min_increased": ["request-parameter-min-increased error"],
    "request_parameter_min_items_increased": ["request-parameter-min-items-increased error"],
    "request_parameter_min_length_increased": ["request-parameter-min-length-increased error"],
    "request_parameter_pattern_added_or_changed": ["request-parameter-pattern-removed info"],
    # The deepObject false negative reported against oasdiff: an enum value removed from a
    # property of an object parameter.
    "request_parameter_property_enum_value_updated": [
        "request-parameter-property-enum-value-removed error"
    ],
    "request_property_added": ["new-required-request-property error"],
    # allOf members are merged: Rabbit and Breed3 add a `name` that Dog, Cat and Breed1 already
    # have, so the merged schemas are the same (oasdiff: request-*-all-of-added ERR).
    "request_property_all_of_added": ["api-schema-added info"] * 2,
    "request_property_all_of_annotation_only_added_at_property": [],
    "request_property_all_of_annotation_only_added": [],
    # The new member brings an optional property.
    "request_property_all_of_inline_added": ["new-optional-request-property info"],
    "request_property_all_of_removed": ["api-schema-removed info"] * 2,
    # The anyOf branches added are the same as existing ones (Rabbit is Cat, Breed3 is Breed1):
    # nothing new is accepted.
    "request_property_any_of_added": ["api-schema-added info"] * 2,
    # An inline enum moved to a component (and its null branch read as nullability): no change.
    "request_property_any_of_ref_inline_enum": ["api-schema-added info"],
    "request_property_any_of_removed": ["api-schema-removed info"] * 2,
    "request_property_became_nullable_31": [
        "request-property-became-nullable info",
        "response-property-became-nullable error",
    ],
    "request_property_became_nullable": ["request-property-became-nullable info"],
    # oasdiff: INFO. With a discriminator the server picks the branch by a property callers may
    # not have sent: a warning.
    "request_property_discriminator_added": [
        "request-body-discriminator-added warning",
        "request-property-discriminator-added warning",
    ],
    "request_property_extensible_enum": ["request-property-x-extensible-enum-value-removed error"],
    "request_property_max_length_set": ["request-property-max-length-set warning"],
    "request_property_max_set": ["request-property-max-set warning"],
    "request_property_min_increased": ["request-property-min-increased error"],
    # The body itself is the array.
    "request_property_min_items_increased": ["request-body-min-items-increased error"],
    # oneOf branches count even when equal to others (oneOf is exclusive).
    "request_property_one_of_added": [
        "request-body-one-of-added info",
        "request-property-one-of-added info",
        "api-schema-added info",
        "api-schema-added info",
    ],
    "request_property_one_of_removed": [
        "request-body-one-of-removed error",
        "request-property-one-of-removed error",
        "api-schema-removed info",
        "api-schema-removed info",
    ],
    # oasdiff: ERR. A branch accepts every body the old schema did (bar became optional in it).
    "request_property_one_of_wrapped": ["request-body-wrapped-in-one-of info"],
    # The new pattern '' matches any string.
    "request_property_pattern_added_or_changed": ["request-property-pattern-generalized info"],
    "request_property_type_changed": ["request-property-type-changed error"],
    "request_xml_type_compatible": ["request-body-type-compatible info"],
    "response_min_decreased": [
        "response-body-min-decreased error",
        "response-body-exclusive-min-decreased error",
        "response-property-min-decreased error",
        "response-property-exclusive-min-decreased error",
    ],
    "response_optional_property_removed": ["response-optional-property-removed warning"],
    # oasdiff: INFO. Generated response models check patterns (pydantic Field(pattern=...)), so
    # a value only the new pattern allows fails to parse in existing clients: a warning.
    "response_pattern_added_or_changed": ["response-property-pattern-changed warning"],
    "response_property_all_of_added": ["api-schema-added info"] * 2,
    "response_property_all_of_annotation_only_added": [],
    "response_property_all_of_inline_added": ["response-optional-property-added info"],
    "response_property_all_of_removed": ["api-schema-removed info"] * 2,
    "response_property_any_of_added": ["api-schema-added info"] * 2,
    # Branches paired by title (Rabbit) and order (the untitled one): both string → number;
    # Breed2 (reordered) changed its name's type; Fox is the same schema as Cat (nothing new).
    "response_property_any_of_complex": [
        "response-body-type-changed error",
        "response-body-type-changed error",
        "response-property-type-changed error",
        "api-schema-added info",
    ],
    "response_property_any_of_removed": ["api-schema-removed info"] * 2,
    # `location` left both `properties` and `required`; data's `name` only left `required`.
    "response_property_became_optional": [
        "response-required-property-removed error",
        "response-property-became-optional error",
    ],
    "response_property_const_changed": [
        "response-property-const-changed error",
        "response-body-const-changed error",
    ],
    "response_property_default_value_changed": ["response-property-default-value-changed info"] * 2,
    "response_property_discriminator_added": [
        "response-body-discriminator-added info",
        "response-property-discriminator-added info",
    ],
    # Rabbit, Breed3 and Fox's "Dark brown types" enum are new oneOf branches.
    "response_property_one_of_added": [
        "response-body-one-of-added error",
        "response-property-one-of-added error",
        "response-property-one-of-added error",
        "api-schema-added info",
        "api-schema-added info",
    ],
    "response_property_one_of_removed": [
        "response-body-one-of-removed info",
        "response-property-one-of-removed info",
        "response-property-one-of-removed info",
        "api-schema-removed info",
        "api-schema-removed info",
    ],
    # Clients may now get the first branch's objects, in which `bar` is optional.
    "response_property_one_of_wrapped": [
        "response-body-wrapped-in-one-of error",
        "response-property-became-optional error",
    ],
    "response_required_property_added": ["response-required-property-added info"],
    "response_schema_type_changed": ["response-body-type-changed error"],
    "response_xml_type_compatible": ["response-body-type-compatible info"],
    # Two new required properties (in `then` and `else`) and six optional ones, one in each other
    # kind of subschema: contains, prefixItems, unevaluatedProperties, contentSchema,
    # patternProperties and dependentSchemas.
    "sub_schema_added_property": ["new-required-request-property error"] * 2
    + ["new-optional-request-property info"] * 6,
    # const in `if`, minimum in `then`, minLength in else, contains, prefixItems, propertyNames,
    # unevaluatedItems, unevaluatedProperties and contentSchema.
    "sub_schema_traversal": [
        "request-property-const-changed error",
        "request-property-min-increased error",
    ]
    + ["request-property-min-length-increased error"] * 7,
    # A string enum became oneOf [string, integer]: the string branch takes every old value.
    "transition_claims_enum": ["request-property-wrapped-in-one-of info"],
    "unevaluated": [
        "request-body-unevaluated-items-added error",
        "request-body-unevaluated-properties-added error",
        "response-body-unevaluated-items-added info",
        "response-body-unevaluated-properties-added info",
    ],
    # additionalProperties: true evaluates every property, so unevaluatedProperties: false beside
    # it changes nothing.
    "unevaluated_bool": [],
    "unevaluated_property": [
        "request-property-unevaluated-items-added error",
        "request-property-unevaluated-properties-added error",
        "response-property-unevaluated-items-added info",
        "response-property-unevaluated-properties-added info",
    ],
    "webhook": ["webhook-removed error", "webhook-added info"],
    # A webhook's body is sent by the API: a payload that is now always sent, with a new optional
    # property, breaks no receiver.
    "webhook_operation": [
        "webhook-payload-became-required info",
        "webhook-payload-optional-property-added info",
    ],
}
