"""The test suite. Its shared helpers that assert get pytest's assertion rewriting, as the test modules do."""

import pytest

pytest.register_assert_rewrite("tests.helpers", "tests.certificates.api")
