from cotisations.checks import payment_provider_check


def _ids():
    return [message.id for message in payment_provider_check()]


def test_production_refuses_the_dummy_provider(settings):
    settings.DEBUG = False
    settings.PAYMENT_PROVIDER = "dummy"
    assert _ids() == ["cotisations.E003"]


def test_stripe_needs_its_keys(settings):
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = ""
    assert _ids() == ["cotisations.E002"]
    settings.STRIPE_SECRET_KEY = "sk_live_x"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    assert _ids() == []


def test_unknown_provider(settings):
    settings.PAYMENT_PROVIDER = "paypal"
    assert _ids() == ["cotisations.E001"]


def test_direct_debit_provider(settings):
    from cotisations.checks import direct_debit_provider_check

    def ids():
        return [message.id for message in direct_debit_provider_check()]

    settings.DIRECT_DEBIT_PROVIDER = "gocardless"
    assert ids() == ["cotisations.E010"]
    settings.DIRECT_DEBIT_PROVIDER = "stripe"
    settings.PAYMENT_PROVIDER = "dummy"
    assert ids() == ["cotisations.W010"]
    settings.PAYMENT_PROVIDER = "stripe"
    assert ids() == []
    for name in ("sepa_file", ""):
        settings.DIRECT_DEBIT_PROVIDER = name
        assert ids() == []
