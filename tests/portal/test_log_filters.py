import logging

from portal.log_filters import RedactSecretsFilter, redact


def test_reset_and_confirmation_keys_are_redacted():
    line = '"GET /compte/password/reset/key/1-c4b2x9-abcdef0123/ HTTP/1.1" 302 0'
    assert redact(line) == '"GET /compte/password/reset/key/[redacted]/ HTTP/1.1" 302 0'
    line = '"POST /compte/confirm-email/MQ:1tXyZ:abc/ HTTP/1.1" 302 0'
    assert redact(line) == '"POST /compte/confirm-email/[redacted]/ HTTP/1.1" 302 0'


def test_secrets_in_query_strings_are_redacted_but_other_parameters_kept():
    line = "GET /x/?page=2&token=s3cr3t&Code=123456&q=cardiologie"
    assert redact(line) == "GET /x/?page=2&token=[redacted]&Code=[redacted]&q=cardiologie"


def test_filter_rewrites_formatted_access_log_records():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /compte/password/reset/key/1-abc/ HTTP/1.1", "200", "512"),
        None,
    )
    assert RedactSecretsFilter().filter(record) is True
    assert record.getMessage() == '"GET /compte/password/reset/key/[redacted]/ HTTP/1.1" 200 512'
    assert "1-abc" not in record.getMessage()


def test_filter_leaves_ordinary_records_untouched():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user=%s", (42,), None)
    RedactSecretsFilter().filter(record)
    assert record.args == (42,)
