"""What a user of the generated Stripe client pays in a fresh process before the first result.

    specgen generate --spec ../shared/corpus/stripe/spec3.yaml --out /tmp/stripe \
        --package stripe_api
    python -m compileall -q /tmp/stripe/stripe_api       # bytecode, as pip installs it
    PYTHONPATH=/tmp/stripe /usr/bin/time python benchmarks/stripe_first_call.py

Imports the package, makes a client, calls `get_customers_customer` against an in-process
transport (the body is parsed by the client, as over the network) and parses the same JSON into
the class of the spec's `customer` schema. Prints the classes and how many model modules were
imported. `import stripe_api` alone: `/usr/bin/time python -c "import stripe_api"`.
"""

from __future__ import annotations

import importlib
import sys

import httpx

CUSTOMER = {
    "id": "cus_1",
    "object": "customer",
    "created": 1700000000,
    "livemode": False,
    "email": "a@example.com",
    "balance": 0,
    "currency": "usd",
    "delinquent": False,
    "metadata": {},
    "shipping": None,
    "address": None,
}


def main() -> None:
    stripe_api = importlib.import_module("stripe_api")
    models = importlib.import_module("stripe_api.models")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=CUSTOMER))
    client = stripe_api.StripeApi(
        access_token="sk_test",
        base_url="https://api.example",
        http_client=httpx.Client(transport=transport),
    )
    via_client = client.default.get_customers_customer("cus_1")
    # datamodel-code-generator names the `customer` schema's class CustomerModel (it gives
    # `Customer` to an inline string schema), so the method's `Customer | DeletedCustomer`
    # does not hold it: a defect of the generated Stripe API, measured here as it is.
    customer = models.CustomerModel.model_validate(CUSTOMER)
    assert customer.email == "a@example.com"
    loaded = [name for name in sys.modules if name.startswith("stripe_api.models.")]
    print(type(via_client).__name__, type(customer).__name__, f"{len(loaded)} model modules")


if __name__ == "__main__":
    main()
