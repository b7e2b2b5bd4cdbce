"""A ``DocBin`` that collects a Doc's strings from its arrays, not token by token.

spaCy's ``DocBin.add`` walks every token of a Doc in Python and reads nine string
attributes of each (``token.text``, ``token.tag_`` ...): for a parse cache entry that
walk cost about a tenth of the time spaCy took to parse the article. The same strings
are the ones the Doc's attribute array (which ``add`` computes anyway) holds as hashes:
``BriefingDocBin`` looks up each distinct hash once. The bytes it writes are those of
spaCy's ``DocBin`` (a test compares them).
"""

from __future__ import annotations

from typing import Any

import numpy
import srsly
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG
from spacy.tokens import Doc, DocBin, MorphAnalysis

#: The token attributes whose strings ``DocBin.add`` stores (besides the morphology).
_STRING_ATTRS = (ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID)


class BriefingDocBin(DocBin):
    """``DocBin`` with a cheaper ``add``: the same state, strings found from the arrays."""

    def add(self, doc: Doc) -> None:
        """Add a Doc's annotations, as ``DocBin.add`` does (spaCy 3.8)."""
        attrs: list[Any] = list(self.attrs)  # attribute ids (typed as names by spaCy)
        if any(a not in attrs for a in (*_STRING_ATTRS, MORPH)):
            super().add(doc)  # not every string attribute is serialised: as spaCy does
            return
        array = doc.to_array(attrs)
        if len(array.shape) == 1:
            array = array.reshape((array.shape[0], 1))
        self.tokens.append(array)
        spaces = doc.to_array(SPACY)
        spaces = spaces.reshape((spaces.shape[0], 1))
        self.spaces.append(numpy.asarray(spaces, dtype=bool))
        self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        self.strings.update(_token_strings(doc, array, attrs))
        self.cats.append(doc.cats)
        if self.store_user_data:
            self.user_data.append(srsly.msgpack_dumps(doc.user_data))
        self.span_groups.append(doc.spans.to_bytes())
        for group in doc.spans.values():
            for span in group:
                self.strings.add(span.label_)
                if span.kb_id in span.doc.vocab.strings:
                    self.strings.add(span.kb_id_)
                if span.id in span.doc.vocab.strings:
                    self.strings.add(span.id_)


def _token_strings(doc: Doc, array: Any, attrs: list[Any]) -> set[str]:
    """The strings of the tokens' text, tag, lemma, norm, morphology, dependency, entity.

    Each distinct hash of the array's columns is looked up once.
    """
    if not len(doc):
        return set()
    strings = doc.vocab.strings
    columns = [attrs.index(a) for a in _STRING_ATTRS]
    found = {strings[int(h)] for h in numpy.unique(array[:, columns])}
    # str(token.morph) is "" for no features (its hash is that of "_")
    morphs = numpy.unique(array[:, attrs.index(MORPH)])
    found.update(str(MorphAnalysis.from_id(doc.vocab, int(h))) for h in morphs)
    return found
