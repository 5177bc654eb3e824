"""Hypothesis settings and strategies shared by the property tests of the pure modules."""

from hypothesis import settings
from hypothesis import strategies as st

FEW = settings(max_examples=60, deadline=None)
SOME = settings(max_examples=150, deadline=None)

# Text that looks like certificate content: digits, separators, the OCR look-alikes and markup, plus anything.
certificate_like_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789OoIilL .,:/-_<>≤CSMAWFctvsecmin+&NPT", max_size=40),
)
# The white-label and family prefixes of a certificate number ("W01", "F12"), or none.
number_prefixes = st.none() | st.builds(lambda letter, n: f"{letter}{n:02d}", st.sampled_from("WF"), st.integers(0, 99))
