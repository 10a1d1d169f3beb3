"""Text similarity that works for Japanese as well as for Italian or English, with no network.

Words are not a usable unit across these languages (Japanese has no spaces and no stemmer
ships with NumPy), so texts are compared on **character n-grams** (2 to 4 characters),
weighted by TF-IDF and compared with the cosine. "空き家" and "空き家の活用" share "空き",
"き家", "空き家"; "riuso degli edifici" and "riusare edifici" share "riu", "edif"….

Everything is vectorised: a whole call's texts become one sparse matrix without a Python loop
over characters or n-grams. N-grams are identified exactly (no hashing, so no collisions) by
extending (n-1)-gram ids one character at a time and renumbering with ``np.unique``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

# Anything but a letter or a digit separates words (NFKC has composed accents and dakuten
# by then). Japanese punctuation (、。「」) counts too, so n-grams do not run across clauses.
_NON_WORD = re.compile(r"[\W_]+")
# Where a text is cut into phrases for explanations: after . ! ? ; followed by white space
# (so "3.5" and "e.g." stay whole), after Japanese full stops, and at line breaks.
_PHRASE_BREAK = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；])|[\r\n]+")
_SEPARATOR = 0  # U+0000 between documents; normalise() never leaves one in a text
_SPACE = 0x20


def normalise(text: str) -> str:
    """Fold a text to what n-grams are taken from: " word word … " (padded, lower case).

    NFKC folds full-width Latin letters and half-width katakana into their usual forms, so
    "ＳＤＧｓ" and "SDGs", "ｶﾞｽ" and "ガス" compare equal.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _NON_WORD.sub(" ", folded).strip()
    return f" {words} " if words else ""


def split_phrases(text: str) -> list[str]:
    """Cut a text into its sentences or lines, as written (for showing them back)."""
    return [piece.strip() for piece in _PHRASE_BREAK.split(text) if normalise(piece)]


@dataclass(frozen=True)
class Phrases:
    """TF-IDF rows of texts and of their phrases: text k's phrases are rows
    ``bounds[k]:bounds[k + 1]`` of ``phrases`` (their wording in ``texts[…]``)."""

    documents: sparse.csr_matrix
    phrases: sparse.csr_matrix
    texts: list[str]
    bounds: np.ndarray


class CharNgramTfidf:
    """TF-IDF over character n-grams, fitted on one corpus (typically a call's texts).

    N-grams do not span word boundaries except by the padding space at either end of a word
    (as scikit-learn's ``char_wb``): " riu", "uso ", but never "o d" across two words.
    Term frequency is sublinear (1 + ln tf), IDF is smoothed (ln((1 + n) / (1 + df)) + 1)
    and rows are L2-normalised, so the dot product of two rows is their cosine similarity.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 4)) -> None:
        low, high = ngram_range
        if not 1 <= low <= high:
            raise ValueError(f"Bad n-gram range {ngram_range!r}.")
        self.ngram_range = (low, high)
        self._alphabet: np.ndarray | None = None  # sorted code points seen when fitting
        self._keys: dict[int, np.ndarray] = {}  # n -> sorted extended keys of the n-grams
        self._offsets: dict[int, int] = {}  # n -> first column of the n-grams of length n
        self._idf: np.ndarray | None = None

    @property
    def vocabulary_size(self) -> int:
        """How many distinct n-grams the fitted corpus has."""
        return 0 if self._idf is None else int(self._idf.size)

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Learn the vocabulary and IDF from ``texts``; return their TF-IDF rows (float32)."""
        counts = self._fit_counts(texts)
        self._fit_idf(counts)
        return self._weigh(counts)

    def fit_transform_phrases(self, texts: Sequence[str]) -> Phrases:
        """Like :meth:`fit_transform`, and also the TF-IDF rows of every phrase of ``texts``.

        N-grams never cross a phrase boundary (phrases end at punctuation or white space,
        which ends words), so a text's counts are the sum of its phrases' counts: one pass
        over the phrases gives both.
        """
        phrase_texts: list[str] = []
        per_text = np.zeros(len(texts), dtype=np.int64)
        for k, text in enumerate(texts):
            pieces = split_phrases(text)
            phrase_texts += pieces
            per_text[k] = len(pieces)
        phrase_counts = self._fit_counts(phrase_texts)
        owner = np.repeat(np.arange(len(texts)), per_text)
        grouping = sparse.csr_matrix(
            (np.ones(owner.size), (owner, np.arange(owner.size))),
            shape=(len(texts), owner.size),
        )
        counts = (grouping @ phrase_counts).tocsr()
        self._fit_idf(counts)
        bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(per_text, out=bounds[1:])
        return Phrases(self._weigh(counts), self._weigh(phrase_counts), phrase_texts, bounds)

    # -- internals ------------------------------------------------------------------------

    def _fit_counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        occurrences, n_docs = self._ngrams(texts)
        offset = 0
        for n in range(self.ngram_range[0], self.ngram_range[1] + 1):
            self._offsets[n] = offset
            offset += self._alphabet.size if n == 1 else self._keys[n].size
        return self._counts(occurrences, n_docs, offset)

    def _fit_idf(self, counts: sparse.csr_matrix) -> None:
        document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        self._idf = np.log((1.0 + counts.shape[0]) / (1.0 + document_frequency)) + 1.0

    def _ngrams(self, texts: Sequence[str]) -> tuple[list[tuple[int, np.ndarray, np.ndarray]], int]:
        """For each n, the (document, n-gram id) of every n-gram occurrence in ``texts``."""
        documents = [normalise(text) for text in texts]
        n_docs = len(documents)
        joined = "\x00".join(documents)
        code_points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=n_docs)
        # The separator after a document counts as part of it; no valid n-gram contains one.
        document_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths + 1)[: code_points.size]

        alphabet = self._alphabet = np.unique(code_points)
        char_id = np.searchsorted(alphabet, code_points).astype(np.int64)
        char_ok = code_points != _SEPARATOR
        is_space = code_points == _SPACE
        width = max(int(alphabet.size), 1)

        low, high = self.ngram_range
        occurrences = []
        key, ok = char_id, char_ok  # id and validity of the n-gram starting at each position
        for n in range(1, high + 1):
            if n > 1:
                m = max(code_points.size - n + 1, 0)
                ok = ok[:m] & char_ok[n - 1 :]
                if n >= 3:  # the previous last character is now inside: no space there
                    ok &= ~is_space[n - 2 : n - 2 + m]
                extended = key[:m] * width + char_id[n - 1 :]
                key = np.full(m, -1, dtype=np.int64)
                self._keys[n], key[ok] = np.unique(extended[ok], return_inverse=True)
            if n >= low:
                emit = ok & ~is_space[: ok.size] if n == 1 else ok
                occurrences.append((n, document_of[: ok.size][emit], key[emit]))
        return occurrences, n_docs

    def _counts(
        self, occurrences: list[tuple[int, np.ndarray, np.ndarray]], n_docs: int, width: int
    ) -> sparse.csr_matrix:
        rows = np.concatenate([rows for _, rows, _ in occurrences])
        cols = np.concatenate([ids + self._offsets[n] for n, _, ids in occurrences])
        ones = np.ones(rows.size, dtype=np.float64)
        counts = sparse.coo_matrix((ones, (rows, cols)), shape=(n_docs, width)).tocsr()
        counts.sum_duplicates()
        return counts

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        data = (1.0 + np.log(counts.data)) * self._idf[counts.indices]
        row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(row_of, weights=data**2, minlength=counts.shape[0]))
        data /= norms[row_of]
        return sparse.csr_matrix(
            (data.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape
        )


def cross_products(left: sparse.csr_matrix, right: sparse.csr_matrix) -> np.ndarray:
    """``left @ right.T`` as a dense float32 array, for two row-normalised TF-IDF matrices.

    A sparse product costs, per n-gram, (its rows in ``left``) × (its rows in ``right``):
    ruinous for the n-grams nearly every text of a language has ("zion", "する"), cheap for
    the rest. So the common n-grams go through one dense BLAS product and the others through
    a sparse product, a block of rows at a time (the sparse intermediate stays small).
    """
    n_left, n_right = left.shape[0], right.shape[0]
    out = np.zeros((n_left, n_right), dtype=np.float32)
    if not (n_left and n_right and left.nnz and right.nnz):
        return out
    width = left.shape[1]
    share_left = np.bincount(left.indices, minlength=width) / n_left
    share_right = np.bincount(right.indices, minlength=width) / n_right
    # Dense is worth it when an n-gram is in more than ~1 in 200 of the pairs; keep the
    # dense slices within ~50 MB each.
    weight = share_left * share_right
    most_columns = max(256, 12_500_000 // max(n_left, n_right))
    common = np.flatnonzero(weight > 0.005)
    if common.size > most_columns:
        common = np.sort(common[np.argsort(-weight[common], kind="stable")[:most_columns]])
    rare = np.ones(width, dtype=bool)
    rare[common] = False
    if common.size:
        np.matmul(
            left[:, common].toarray().astype(np.float32, copy=False),
            right[:, common].toarray().astype(np.float32, copy=False).T,
            out=out,
        )
        left, right = _drop_columns(left, rare), _drop_columns(right, rare)
    right_t = right.T.tocsr()
    block = max(1, 2_000_000 // n_right)
    for start in range(0, n_left, block):
        stop = min(start + block, n_left)
        out[start:stop] += (left[start:stop] @ right_t).toarray()
    return out


def _drop_columns(matrix: sparse.csr_matrix, keep: np.ndarray) -> sparse.csr_matrix:
    """``matrix`` with the entries of the columns where ``keep`` is False removed."""
    kept = keep[matrix.indices]
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))[kept]
    indptr = np.zeros(matrix.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of, minlength=matrix.shape[0]), out=indptr[1:])
    return sparse.csr_matrix((matrix.data[kept], matrix.indices[kept], indptr), shape=matrix.shape)
