"""The check page (``/check/``): a form for a certificate number (GET, sent on to ``/check/<number>/``) and one
to upload a file a vendor sent (POST), checked against the registry and not stored (``ingest.check``).

The page carries a CSRF token, so it is never served from the read cache."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from rest_framework.exceptions import ValidationError

from certificates import params
from certificates.throttling import CheckUploadThrottle, throttled_answer
from ingest.check import CheckRefused, body_too_large, certificate_check_upload

PAGE = "check/index.html"


# Exempt from the CSRF middleware, which would read (and spool to disk) a whole multipart body to find the token
# before the view could refuse it: the upload is checked for its budget and declared size first, unread, and
# only then is its CSRF token checked (``_checked_file``, csrf_protect) and its body read.
@csrf_exempt
def check_page(request: HttpRequest) -> HttpResponseBase:
    """The forms; ``?number=X`` is sent on to X's verdict; a POSTed file gets its check's verdict."""
    if request.method == "POST":
        return _check_upload(request)
    if "number" not in request.GET:
        return _page(request, {})
    try:
        number = params.certificate_number((params.one(request.GET, "number") or "").strip())
    except ValidationError as error:
        return _page(request, {"number_errors": error.detail, "number": request.GET.get("number")}, 400)
    return redirect("check:number", number=number)


def _check_upload(request: HttpRequest) -> HttpResponse:
    """Count the upload against the client's check budget, then check the file: the verdict page, or the form
    again with the reason (400; 413 for a file past the cap)."""
    refused = throttled_answer(request, CheckUploadThrottle)
    if refused:
        return refused
    too_large = body_too_large(request.META.get("CONTENT_LENGTH"))
    if too_large:
        return _refused(request, too_large, 413)
    return _checked_file(request)


@csrf_protect
def _checked_file(request: HttpRequest) -> HttpResponse:
    """Read the upload (its CSRF token checked first) and check its file: the verdict page, or the form again
    with the reason (400; 413 for a file past the cap)."""
    file = request.FILES.get("file")
    if file is None:
        return _refused(request, "choose a PDF or text file to check", 400)
    try:
        result = certificate_check_upload(file=file, size=file.size or 0, filename=file.name or "")
    except CheckRefused as exc:
        return _refused(request, str(exc), 413 if exc.too_large else 400)
    context: dict[str, Any] = {"result": result, "filename": file.name, "checked_on": timezone.localdate()}
    if result.verdict is not None:
        context["verdict"] = result.verdict
    return render(request, "check/upload.html", context)


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The check page again, saying why the file was not checked."""
    return _page(request, {"upload_error": message[:1].upper() + message[1:] + "."}, status)


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The check page with its forms (and ``context``: a message), status ``status``."""
    return render(request, PAGE, {**context, "max_bytes": settings.CHECK_UPLOAD_MAX_BYTES}, status=status)
