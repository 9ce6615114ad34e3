"""A streamed body is produced after the middleware returned: it still runs in the request's
context (its log lines and the vault's key-service calls name the request)."""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from portal.request_id import RequestIdMiddleware, current_request_id


def test_a_streamed_body_sees_its_request_id():
    def view(request):
        return StreamingHttpResponse(current_request_id() or "" for _ in "xy")

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="incoming-1234")
    response = RequestIdMiddleware(view)(request)
    assert current_request_id() is None  # the middleware is done
    assert b"".join(response.streaming_content) == b"incoming-1234incoming-1234"
    assert response["X-Request-ID"] == "incoming-1234"


def test_plain_and_file_responses_are_left_as_they_are(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"contenu")
    handle = path.open("rb")
    file_response = FileResponse(handle)
    request = RequestFactory().get("/")
    assert RequestIdMiddleware(lambda r: file_response)(request) is file_response
    assert file_response.file_to_stream is handle  # still served with the file wrapper
    handle.close()  # not the response's close(): that would signal the end of a request
    plain = HttpResponse(b"x")
    assert RequestIdMiddleware(lambda r: plain)(request).content == b"x"
