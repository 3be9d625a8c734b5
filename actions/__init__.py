"""Rasa SDK actions: thin glue between the tracker and the pure domain code in ``bot/``."""


def _warm_up() -> None:
    """Load the word lists, texts and knowledge base now, when the action server starts, not
    inside the first requests: the name lists take 1-2 s, and the first burst of conversations
    after a start would wait for them (calls timed out in the scale-out test)."""
    from bot import (
        afwegingskader,
        knowledge,
        melden_zonder_toestemming,
        privacy,
        veilig_thuis_gesprek,
    )

    privacy.redact("Warm-up: Noah uit groep 5 belde op 0612345678.")
    knowledge.default()
    afwegingskader.teksten()
    afwegingskader.samenvatting_teksten()
    afwegingskader.gelezen_teksten()
    melden_zonder_toestemming.teksten()
    veilig_thuis_gesprek.teksten()


_warm_up()
