"""Which action comes first: acute danger, then the name reminder, else the normal policies."""

import pytest

from bot import safety
from bot.safety import DANGER_ACTION, LISTEN, REMINDER_ACTION, TOO_LONG_RESPONSE


@pytest.mark.parametrize(
    "intent, text, last_action, given, expected",
    [
        # Acute danger: from the classifier, or from the patterns whatever the intent.
        ("acute_danger", "help er gebeurt iets", LISTEN, False, DANGER_ACTION),
        ("faq", "hij heeft nu een mes", LISTEN, False, DANGER_ACTION),
        ("affirm", "ja, en ze durft niet naar huis", LISTEN, True, DANGER_ACTION),
        # ... and after answering it, listen: the turn ends there.
        ("acute_danger", "hij heeft nu een mes", DANGER_ACTION, False, LISTEN),
        # Danger comes before the reminder when both apply.
        ("faq", "mijn leerling Sanne wil niet meer leven", LISTEN, False, DANGER_ACTION),
        # A name: reminder once per conversation.
        ("faq", "mijn leerling Sanne heeft blauwe plekken", LISTEN, False, REMINDER_ACTION),
        ("faq", "mijn leerling Sanne heeft blauwe plekken", LISTEN, True, None),
        ("faq", "mijn leerling heeft blauwe plekken", LISTEN, False, None),
        # Only right after the user spoke; other moments are for the other policies.
        ("faq", "mijn leerling Sanne heeft blauwe plekken", "utter_faq", False, None),
        ("acute_danger", "hij heeft nu een mes", "afwegingskader_form", False, None),
        (None, None, LISTEN, False, None),
        # Questions about danger are FAQ questions, not danger.
        ("faq", "wat is acute onveiligheid?", LISTEN, False, None),
        ("faq", "wanneer bel ik 112?", LISTEN, False, None),
        # A message over the length limit (the channels sent the intent instead): say so,
        # then wait for the next message; never the name reminder for it.
        ("message_too_long", "/message_too_long", LISTEN, False, TOO_LONG_RESPONSE),
        ("message_too_long", "/message_too_long", TOO_LONG_RESPONSE, False, LISTEN),
    ],
)
def test_next_action(intent, text, last_action, given, expected):
    assert (
        safety.next_action(
            intent=intent, text=text, last_action=last_action, reminder_already_given=given
        )
        == expected
    )


def test_reminder_given():
    assert safety.reminder_given(["utter_greet", "utter_name_reminder"])
    assert not safety.reminder_given(["utter_greet", None])


def test_danger_score():
    from scripts import eval_danger

    figures = eval_danger.score(
        ["a", "b"], [True, False], ["c", "d", "e", "f"], [False, True, False, False]
    )
    assert figures["recall"] == 0.5
    assert figures["precision"] == 0.5
    assert figures["false_alarm_rate"] == 0.25
    assert figures["missed"] == ["b"] and figures["false_alarms"] == ["d"]


def test_danger_held_out_set_is_big_enough_and_kept_apart():
    import yaml

    from scripts import eval_danger
    from tests.unit.helpers import ROOT

    dangerous, ordinary = eval_danger.load()
    assert len(dangerous) >= 40
    trained = {
        line[2:].strip().lower()
        for block in yaml.safe_load((ROOT / "data/nlu/safety.yml").read_text())["nlu"]
        for line in block["examples"].splitlines()
        if line.startswith("- ")
    }
    assert not trained & {t.lower() for t in dangerous + ordinary}


@pytest.mark.parametrize(
    "text, intent, keep",
    [
        ("moeder heeft een slechte dag en het kind huilt", "acute_danger", True),
        ("vader is vaak boos op het kind", "acute_danger", False),
        ("ze wordt al jaren gepest door haar broer", "acute_danger", False),
        ("vader is vaak boos op het kind", "faq", False),
    ],
)
def test_a_pattern_over_time_overrules_the_classifier(text, intent, keep):
    from bot import danger

    assert danger.houd_classificatie(text, intent) is keep
    # ... and then the answer is hedged instead: 112 in its first line.
    verdict = danger.besluit(text, intent)
    assert verdict.alarm is keep
    assert verdict.hedge is (intent == "acute_danger" and not keep)


@pytest.mark.parametrize(
    "response, bron, sectie",
    [
        ("utter_acute_danger", "veilig_thuis", "contact"),
        ("utter_welcome", "veilig_thuis", "contact"),
        ("utter_name_reminder", "meldcode_assistent", "Privacy"),
        ("utter_message_too_long", "meldcode_assistent", "Reliability"),
    ],
)
def test_safety_texts_end_with_their_source(response, bron, sectie):
    """The citation line is written as knowledge/bronnen.yml renders it (drift fails here)."""
    from bot import knowledge
    from tests.unit.helpers import response_text

    kb = knowledge.default()
    line = kb.citation_line([knowledge.Verwijzing(bron=bron, sectie=sectie)])
    assert response_text(response).endswith("\n\n" + line)


def test_every_form_of_the_domain_can_be_paused_by_acute_danger():
    from tests.unit.helpers import domain_section

    assert {name for name, _ in domain_section("forms")} == set(safety.FORMS)


@pytest.mark.parametrize(
    "text, alarm",
    [
        # The answer to "Is iemand nu of de komende dagen in direct gevaar?" may deny it.
        ("nee, er is nu geen direct gevaar", False),
        ("nee, niemand is nu in gevaar", False),
        ("ze is niet in levensgevaar", False),
        ("er is nu direct gevaar voor een kind", True),
        ("ik denk dat dit kind vandaag in levensgevaar is", True),
        # The parent's state denied, or a case in general for a protocol: no alarm.
        ("ze drinkt soms, maar ze is nooit onder invloed als ze hem ophaalt", False),
        ("wat doen we als een ouder dronken een kind komt ophalen?", False),
        # ... but this child, now: the alarm.
        ("vader is dronken en komt zo zijn dochter ophalen", True),
        ("wat doe ik als een vader nu dronken zijn kind komt halen?", True),
        ("moeder is niet dronken maar wel psychotisch en wil de baby meenemen", True),
        # A parent who does not respond, a farewell, suffocation: acute.
        ("moeder ligt op de bank en reageert nauwelijks, er liggen lege pillenstrips", True),
        ("haar laatste bericht was: ik hou het niet meer vol, dit is vaarwel", True),
        ("ze drukte een kussen op zijn gezicht tot hij blauw werd", True),
        # ... not a parent who does not answer mail, or a hand before a laughing mouth.
        ("moeder reageert niet op mijn mails over het oudergesprek", False),
        ("hij houdt zijn hand voor zijn mond als hij lacht", False),
    ],
)
def test_what_the_patterns_call_acute(text, alarm):
    from bot import danger

    assert danger.is_acuut(text) is alarm


@pytest.mark.parametrize(
    "text, intent, kans, alarm, hedge",
    [
        # A clear pattern: the alarm, whatever the classifiers say.
        ("hij heeft nu een mes", "faq", 0.1, True, False),
        # The intent classifier alone, the danger classifier far from danger: nothing.
        ("wat eten we vanavond", "acute_danger", 0.18, False, False),
        # ... somewhat near: still nothing (on the dev sets it only added false alarms);
        # both agree: the alarm.
        ("help er gebeurt iets met een kind", "acute_danger", 0.3, False, False),
        ("help er gebeurt iets met een kind", "acute_danger", 0.6, True, False),
        # The danger classifier below its threshold: nothing.
        ("haar vader ontkent alles", "faq", 0.5, False, False),
        # The danger classifier alone never alarms, it hedges.
        ("haar vader ontkent alles", "faq", 0.9, False, True),
        # ... except a denial, the usual answer in a dialog.
        ("nee, het kind heeft zelf niks verteld", "deny", 0.8, False, False),
        ("wat is de meldcode", "faq", 0.1, False, False),
        # A habit turns the classifiers' alarm into a hedge.
        ("vader is vaak boos op het kind", "acute_danger", 0.7, False, True),
        # An injury explained and confirmed by someone else: the classifiers raise no 112 ...
        ("blauwe plek van hockey, de trainer bevestigt het", "acute_danger", 0.9, False, False),
        ("een keer een tik, sindsdien niet meer", "faq", 0.8, False, False),
        # ... unless the message doubts it, or a pattern sees danger.
        ("de trainer bevestigt het, maar het klopt niet", "acute_danger", 0.9, True, False),
        ("hij heeft nu een mes, zijn broer was erbij", "faq", 0.1, True, False),
        # A threat told in other words: "zei ... dat hij ... wat aandoet".
        ("vader zei bij de deur dat hij zijn kind wat aandoet", "faq", 0.1, True, False),
    ],
)
def test_the_three_danger_signals_combined(text, intent, kans, alarm, hedge):
    from bot import danger

    assert danger.besluit(text, intent, kans) == danger.Besluit(alarm=alarm, hedge=hedge)


def test_the_rest_evaluation_recognises_alarm_and_hedge_by_their_first_message():
    """The REST channel sends each paragraph as a message: the evaluation must look for the
    first paragraph of each (it once looked for the alarm's last line and saw no alarm)."""
    from scripts import eval_safety_rest
    from tests.unit.helpers import response_text

    alarm = response_text("utter_acute_danger").split("\n\n")
    hedge = response_text("utter_danger_hedge").split("\n\n")
    assert alarm[0] == eval_safety_rest.ALARM_MARK and hedge[0] == eval_safety_rest.HEDGE_MARK
    assert eval_safety_rest.ALARM_MARK not in hedge[0]
    assert eval_safety_rest.HEDGE_MARK not in alarm[0]


@pytest.mark.parametrize(
    "text, verdict",
    [
        # A question in general, or violence over and done: no signal at all ...
        ("wat doe ik als een kind vertelt dat het thuis geslagen wordt?", None),
        ("vroeger sloeg vader moeder, vader woont niet meer thuis", None),
        # Harm to oneself denied.
        ("ze zegt nadrukkelijk dat ze zichzelf niks wil aandoen", None),
        # ... but the grave kinds keep at least the line with 112.
        ("wat moet ik doen als een vader met een mes voor de deur staat?", ("wapen", False)),
        # And a question about this child now stays an alarm, as does harm not denied.
        ("wat doe ik als een kind nu geslagen wordt door zijn vader?", ("geweld_nu", True)),
        ("ze zegt dat ze zichzelf iets wil aandoen", ("dreiging_doden", True)),
    ],
)
def test_questions_in_general_and_the_past(text, verdict):
    from bot import danger

    oordeel = danger.beoordeel(text)
    assert (None if oordeel is None else (oordeel.soort, oordeel.zeker)) == verdict
