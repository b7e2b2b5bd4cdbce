"""Attribution of position sentences on synthetic passages, one per pair of governments.

Every passage below was written for this test (invented names, wire-copy style); none
is copied from an article. Each case is data: the pair, the headline and paragraphs
(written to a file with blank lines between them) and, for sentence fragments, the
ordered ``position:`` labels that ``/work/shared/eval/GUIDELINES.md`` requires:

- a tuple of codes: the sentence states these governments' positions, in this order
  (rule I: joint statements in pair order; rule H: the described stance first, the
  reporting government's framing second). Other labels (risk, next_steps) are not
  checked here.
- ``NONE``: the sentence must carry no position label at all (analysts, companies,
  legislators, former officials, mediating organisations, kinetic action, neutral
  schedules, operational facts: rules C, E, F, K).

Each fragment must fall inside exactly one body sentence of the classified article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.app.classifying import classify_paths
from briefing.app.session import Session
from briefing.config import Settings
from briefing.model import BlockKind, Sentence, government_of

pytestmark = pytest.mark.model

NONE: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """A synthetic passage and the position labels of some of its sentences."""

    id: str
    pair: tuple[str, str]
    covers: str
    headline: str
    paragraphs: tuple[str, ...]
    expected: dict[str, tuple[str, ...]]

    @property
    def text(self) -> str:
        """The article file: headline, then paragraphs separated by blank lines."""
        return "\n\n".join((self.headline, *self.paragraphs)) + "\n"


CASES: list[Case] = [
    Case(
        id="usa_chn_capital_seat_state_media",
        pair=("USA", "CHN"),
        covers=(
            "capital as speaker, seat of government, state media relaying a ministry, think "
            "tank, company spokeswoman"
        ),
        headline="China vows response to new US chip controls",
        paragraphs=(
            (
                'Beijing said on Wednesday it would take "firm countermeasures" against new '
                "US restrictions on exports of advanced chips to Chinese firms."
            ),
            (
                "Xinhua reported the foreign ministry as saying that Washington was "
                '"weaponising" trade and abusing the concept of national security.'
            ),
            (
                "The White House said the controls were narrowly targeted at military end "
                "uses and would not be lifted."
            ),
            (
                "Analysts at a Singapore-based think tank said the measures could push "
                "Chinese firms to accelerate their own chip programmes."
            ),
            (
                "A spokeswoman for one of the largest American chipmakers said the company "
                "was still studying the rules."
            ),
        ),
        expected={
            "Beijing said on Wednesday it would take": ("CHN",),
            "Xinhua reported the foreign ministry as saying": ("CHN",),
            "The White House said the controls": ("USA",),
            "Analysts at a Singapore-based think tank": NONE,
            "A spokeswoman for one of the largest American chipmakers": NONE,
        },
    ),
    Case(
        id="usa_chn_anonymous_apposition",
        pair=("USA", "CHN"),
        covers=(
            "anonymous official with nationality, 'X, China's foreign minister, said', bare "
            "surname later, former ambassador"
        ),
        headline="US and China trade barbs over Taiwan Strait transits",
        paragraphs=(
            (
                "A senior US official said on Thursday that Washington would keep sailing "
                'warships through the Taiwan Strait "wherever international law allows".'
            ),
            (
                "Zhao Lirong, China's foreign minister, said the transits were \"a "
                'deliberate provocation" and urged the United States to stop interfering in '
                "China's internal affairs."
            ),
            "Zhao added that Beijing had lodged stern representations with the American side.",
            (
                "Robert Haines, a former US ambassador to Beijing, said both sides were "
                "testing each other's limits."
            ),
        ),
        expected={
            "A senior US official said on Thursday": ("USA",),
            "Zhao Lirong, China's foreign minister, said": ("CHN",),
            "Zhao added that Beijing had lodged": ("CHN",),
            "Robert Haines, a former US ambassador": NONE,
        },
    ),
    Case(
        id="rus_ukr_kremlin_third_country",
        pair=("RUS", "UKR"),
        covers=(
            "the Kremlin, 'X, a spokesman for the Kremlin, said', 'Moscow warned', third-country "
            "official, kinetic action reported by officials, think tank"
        ),
        headline="Kremlin rejects Ukrainian ceasefire proposal",
        paragraphs=(
            (
                'The Kremlin said on Monday that a 30-day ceasefire proposed by Kyiv was "a '
                'ploy" to let Ukrainian forces regroup.'
            ),
            (
                "Arkady Morozov, a spokesman for the Kremlin, said Moscow would continue its "
                "operation until its goals were met."
            ),
            (
                "Moscow warned that any Western troops deployed to Ukraine would be treated "
                "as legitimate targets."
            ),
            (
                "Ukraine's foreign ministry accused Russia of stalling and called on its "
                "allies to tighten sanctions."
            ),
            (
                "A senior US official said Washington was prepared to impose further "
                "sanctions if Moscow rejected a truce."
            ),
            (
                "Russian forces struck energy facilities in the Kharkiv region overnight, "
                "Ukrainian officials said."
            ),
            (
                "Researchers at a Kyiv-based think tank said Russian troops were making slow "
                "gains in the east."
            ),
        ),
        expected={
            "The Kremlin said on Monday": ("RUS",),
            "Arkady Morozov, a spokesman for the Kremlin": ("RUS",),
            "Moscow warned that any Western troops": ("RUS",),
            "Ukraine's foreign ministry accused Russia": ("UKR",),
            "A senior US official said Washington": ("USA",),
            "Russian forces struck energy facilities": NONE,
            "Researchers at a Kyiv-based think tank": NONE,
        },
    ),
    Case(
        id="gbr_euu_commission_brussels_downing_street",
        pair=("GBR", "EUU"),
        covers=(
            "European Commission, 'Brussels insists', Downing Street, government source, 'the "
            "bloc's chief negotiator', third-country government, opposition MPs"
        ),
        headline="EU rejects UK call to reopen fishing deal",
        paragraphs=(
            (
                "The European Commission said on Friday it would not reopen the fisheries "
                "chapter of the trade agreement."
            ),
            (
                "Brussels insists that any change to quotas must be matched by wider access "
                "for EU fleets to British waters."
            ),
            (
                'Downing Street said the government would "stand up for British fishermen" '
                "and was ready to walk away from the talks."
            ),
            (
                "A UK government source said ministers were frustrated by the bloc's refusal "
                "to engage."
            ),
            (
                "The bloc's chief negotiator, Helene Marchetti, said the EU had \"shown "
                'maximum flexibility".'
            ),
            (
                "The French government said it would not accept any cut to its fleet's "
                "access to British waters."
            ),
            "Opposition MPs accused the government of caving in to Brussels.",
        ),
        expected={
            "The European Commission said on Friday": ("EUU",),
            "Brussels insists that any change": ("EUU",),
            "Downing Street said the government": ("GBR",),
            "A UK government source said ministers": ("GBR",),
            "The bloc's chief negotiator, Helene Marchetti": ("EUU",),
            "The French government said it would not accept": ("FRA",),
            "Opposition MPs accused the government": NONE,
        },
    ),
    Case(
        id="srb_xkx_pristina_mediator",
        pair=("SRB", "XKX"),
        covers=(
            "Kosovar prime minister then bare name, 'Pristina insists', Belgrade, EU as mediator "
            "(rule F: by content), analysts"
        ),
        headline="Serbia and Kosovo trade blame over border closure",
        paragraphs=(
            (
                "Kosovar Prime Minister Arben Gashi said on Tuesday that Pristina would not "
                "back down on the new vehicle rules."
            ),
            (
                "Gashi accused Belgrade of using local Serbs to destabilise the north of the "
                "country."
            ),
            "Pristina insists the rules apply equally to all citizens.",
            (
                "Serbian President Milan Jovic said Kosovo's government was \"provoking a "
                'crisis" and warned that Serbia would not stand by.'
            ),
            "Belgrade has demanded that NATO-led peacekeepers take control of the crossings.",
            (
                "The EU's foreign policy chief called on both sides to show restraint and "
                "return to the table in Brussels."
            ),
            "Analysts said the dispute risked derailing years of EU-brokered talks.",
        ),
        expected={
            "Kosovar Prime Minister Arben Gashi said": ("XKX",),
            "Gashi accused Belgrade": ("XKX",),
            "Pristina insists the rules": ("XKX",),
            "Serbian President Milan Jovic said": ("SRB",),
            "Belgrade has demanded that NATO-led": ("SRB",),
            "The EU's foreign policy chief called on both sides": NONE,
            "Analysts said the dispute risked": NONE,
        },
    ),
    Case(
        id="chn_twn_taipei_state_media",
        pair=("CHN", "TWN"),
        covers=(
            "Taipei as speaker, Mainland Affairs Council, Taiwan Affairs Office, Xinhua quoting "
            "the military, professor, industry association"
        ),
        headline="Taiwan condemns Chinese drills around the island",
        paragraphs=(
            (
                'Taipei condemned the drills as "irrational provocation" and said it would '
                "not bow to pressure."
            ),
            (
                "Taiwan's Mainland Affairs Council said Beijing should \"stop its military "
                'intimidation" and resume dialogue.'
            ),
            (
                "A spokesperson for China's Taiwan Affairs Office told a regular briefing "
                'that the exercises were "a stern warning to separatist forces".'
            ),
            (
                "Xinhua quoted the Eastern Theater Command as saying the drills tested the "
                "forces' ability to seize control of key areas."
            ),
            (
                "A professor of international relations in Taipei said the drills were "
                "larger than last year's."
            ),
            (
                "Taiwan's semiconductor industry association said its members had seen no "
                "disruption to shipments."
            ),
        ),
        expected={
            "Taipei condemned the drills": ("TWN",),
            "Taiwan's Mainland Affairs Council said": ("TWN",),
            "A spokesperson for China's Taiwan Affairs Office": ("CHN",),
            "Xinhua quoted the Eastern Theater Command": ("CHN",),
            "A professor of international relations": NONE,
            "Taiwan's semiconductor industry association": NONE,
        },
    ),
    Case(
        id="prk_kor_kcna_pyongyang_seoul",
        pair=("PRK", "KOR"),
        covers=(
            "KCNA as speaker and as trailing attribution, 'Pyongyang warned', Seoul's "
            "Unification Ministry, warning shots (rule C), think-tank researcher"
        ),
        headline="North Korea rejects Seoul's offer of military talks",
        paragraphs=(
            (
                "North Korea on Sunday rejected South Korea's offer of military talks as \"a "
                'hypocritical farce", KCNA said.'
            ),
            (
                "KCNA said the South's joint drills with the United States showed that Seoul "
                "had no interest in peace."
            ),
            (
                'Pyongyang also warned that it would respond "with overwhelming force" to '
                "any violation of its maritime border."
            ),
            (
                "Seoul's Unification Ministry said it regretted the North's response and "
                "urged Pyongyang to accept the offer."
            ),
            (
                "North Korean troops fired several warning shots near the border on "
                "Saturday, South Korea's military said."
            ),
            (
                "Yoo Ji-hoon, a researcher at a Seoul think tank, said the rejection had "
                "been expected."
            ),
        ),
        expected={
            "North Korea on Sunday rejected South Korea's offer": ("PRK",),
            "KCNA said the South's joint drills": ("PRK",),
            "Pyongyang also warned": ("PRK",),
            "Seoul's Unification Ministry said": ("KOR",),
            "North Korean troops fired several warning shots": NONE,
            "Yoo Ji-hoon, a researcher": NONE,
        },
    ),
    Case(
        id="kor_prk_pronoun_chain",
        pair=("KOR", "PRK"),
        covers=(
            "title+nationality, then 'He said… He added… He also warned…' across paragraphs, "
            "ruling-party newspaper (rule E)"
        ),
        headline="South Korea offers aid to North without conditions",
        paragraphs=(
            (
                "South Korean Unification Minister Kim Sang-woo said on Monday that Seoul "
                "was ready to resume humanitarian aid to the North without conditions. He "
                "said the government would also propose reopening the joint liaison office."
            ),
            (
                'He added that tensions on the peninsula had "reached a dangerous level". He '
                "also warned that further missile launches would only deepen the North's "
                "isolation."
            ),
            (
                "North Korea's ruling party newspaper, Rodong Sinmun, dismissed the offer as "
                '"a cheap trick".'
            ),
        ),
        expected={
            "South Korean Unification Minister Kim Sang-woo said": ("KOR",),
            "He said the government would also propose": ("KOR",),
            "He added that tensions on the peninsula": ("KOR",),
            "He also warned that further missile launches": ("KOR",),
            "Rodong Sinmun, dismissed the offer": ("PRK",),
        },
    ),
    Case(
        id="ind_pak_anonymous_foreign_office",
        pair=("IND", "PAK"),
        covers=(
            "'Indian officials said', 'X, Pakistan's foreign minister, said', quote with the "
            "speaker after it, Pakistan's Foreign Office, MEA, economist"
        ),
        headline="India rejects Pakistan's call to restore water treaty",
        paragraphs=(
            (
                "Indian officials said on Wednesday that New Delhi would not hold talks with "
                'Islamabad while "cross-border terrorism" continued.'
            ),
            (
                "Farid Qureshi, Pakistan's foreign minister, said the suspension of the "
                'treaty was "an act of war" and that Pakistan would take the matter to the '
                "World Bank."
            ),
            '"We will not allow India to stop a single drop of our water," Qureshi said.',
            (
                "Pakistan's Foreign Office said it had written to India seeking the "
                "restoration of the treaty."
            ),
            "A Karachi-based economist said the dispute could hit farm output in Punjab.",
            (
                "India's Ministry of External Affairs said the treaty would remain \"in "
                'abeyance" until Pakistan ended its support for militant groups.'
            ),
        ),
        expected={
            "Indian officials said on Wednesday": ("IND",),
            "Farid Qureshi, Pakistan's foreign minister, said": ("PAK",),
            '"We will not allow India to stop a single drop': ("PAK",),
            "Pakistan's Foreign Office said it had written": ("PAK",),
            "A Karachi-based economist said": NONE,
            "India's Ministry of External Affairs said": ("IND",),
        },
    ),
    Case(
        id="isr_irn_title_then_surname_irna",
        pair=("ISR", "IRN"),
        covers=(
            "'Iranian Foreign Ministry spokesman X' then 'X added', IRNA quoting the "
            "Revolutionary Guards, anonymous Israeli official, retired general"
        ),
        headline="Iran warns Israel over strikes in Syria",
        paragraphs=(
            (
                "Iranian Foreign Ministry spokesman Reza Karimi said on Monday that Tehran "
                'would respond "decisively" to any further Israeli attack on its advisers in '
                "Syria."
            ),
            "Karimi added that Iran held Israel fully responsible for the deaths.",
            (
                "The official IRNA news agency quoted the commander of the Revolutionary "
                'Guards as saying Israel would "regret its crime".'
            ),
            (
                "A senior Israeli official said Israel would continue to act against Iranian "
                'forces in Syria "wherever necessary".'
            ),
            (
                "A retired Israeli general said the risk of a direct confrontation was the "
                "highest in years."
            ),
        ),
        expected={
            "Iranian Foreign Ministry spokesman Reza Karimi said": ("IRN",),
            "Karimi added that Iran held Israel": ("IRN",),
            "The official IRNA news agency quoted": ("IRN",),
            "A senior Israeli official said": ("ISR",),
            "A retired Israeli general said": NONE,
        },
    ),
    Case(
        id="tur_grc_surname_inverted_quote_rule_h",
        pair=("TUR", "GRC"),
        covers=(
            "'Turkish Foreign Minister X' then 'X added', '\"…,\" said X', Greek spokesman, rule "
            "H (described stance first, reporter's framing second), shipowners"
        ),
        headline="Turkey and Greece spar over survey ship",
        paragraphs=(
            (
                "Turkish Foreign Minister Kemal Aydin said on Thursday that Ankara would not "
                'accept "maximalist claims" in the eastern Mediterranean.'
            ),
            (
                "Aydin added that Turkey would send its survey ship back to the disputed "
                "waters if the talks failed."
            ),
            '"Our patience has limits," said Aydin.',
            (
                "Greek government spokesman Nikos Papadakis said Athens had filed a formal "
                "protest with Ankara."
            ),
            (
                "Ankara said Athens had dropped its objection to a new round of exploratory "
                "talks, a move it welcomed."
            ),
            "Greek shipowners said the tensions were raising insurance costs in the Aegean.",
        ),
        expected={
            "Turkish Foreign Minister Kemal Aydin said": ("TUR",),
            "Aydin added that Turkey would send": ("TUR",),
            '"Our patience has limits," said Aydin.': ("TUR",),
            "Greek government spokesman Nikos Papadakis said": ("GRC",),
            "Ankara said Athens had dropped its objection": ("GRC", "TUR"),
            "Greek shipowners said": NONE,
        },
    ),
    Case(
        id="fra_dza_elysee_ministry_after_quote",
        pair=("FRA", "DZA"),
        covers=(
            "policy act with 'the foreign ministry said' after it, '\"…,\" the ministry said.', "
            "the Elysee, conditional threat (rule L), state news agency quoting a source, "
            "business group"
        ),
        headline="Algeria recalls ambassador from Paris",
        paragraphs=(
            (
                "Algeria recalled its ambassador to France on Tuesday and summoned the "
                "French charge d'affaires in Algiers, the foreign ministry said."
            ),
            (
                "\"These statements are an unacceptable interference in Algeria's internal "
                'affairs," the ministry said.'
            ),
            (
                'The Elysee said France regretted the decision and remained committed to "a '
                'relationship of trust" with Algeria.'
            ),
            (
                "French Interior Minister Paul Renaud said Paris would suspend visa "
                "facilitation for Algerian officials if Algiers continued to refuse to take "
                "back its nationals."
            ),
            (
                "The Algeria Press Service quoted a government source as saying that Paris "
                'was attempting "blackmail unworthy of a state".'
            ),
            (
                "A Franco-Algerian business group said trade between the two countries had "
                "already fallen sharply."
            ),
        ),
        expected={
            "Algeria recalled its ambassador to France": ("DZA",),
            '"These statements are an unacceptable interference': ("DZA",),
            "The Elysee said France regretted": ("FRA",),
            "French Interior Minister Paul Renaud said": ("FRA",),
            "The Algeria Press Service quoted a government source": ("DZA",),
            "A Franco-Algerian business group said": NONE,
        },
    ),
    Case(
        id="jpn_kor_title_by_context_company",
        pair=("JPN", "KOR"),
        covers=(
            "policy act (protest), a title without nationality resolved by where it is spoken, "
            "'Seoul rejected', company spokesman, legislator"
        ),
        headline="Japan protests South Korean lawmakers' visit to disputed islets",
        paragraphs=(
            (
                "Japan lodged a protest with South Korea on Monday after a group of South "
                "Korean lawmakers visited the disputed islets."
            ),
            (
                "Foreign Minister Hiroshi Tanabe told reporters in Tokyo that the visit was "
                '"extremely regrettable" and unacceptable.'
            ),
            (
                'Seoul rejected the protest, saying the islets were "clearly South Korean '
                'territory".'
            ),
            (
                "A Samsung Electronics spokesman said the company did not expect the row to "
                "affect its supply chains."
            ),
            ("One of the lawmakers said the visit was meant to assert South Korea's sovereignty."),
        ),
        expected={
            "Japan lodged a protest with South Korea": ("JPN",),
            "Foreign Minister Hiroshi Tanabe told reporters in Tokyo": ("JPN",),
            "Seoul rejected the protest": ("KOR",),
            "A Samsung Electronics spokesman said": NONE,
            "One of the lawmakers said": NONE,
        },
    ),
    Case(
        id="arm_aze_joint_statement_capitals",
        pair=("ARM", "AZE"),
        covers=(
            "joint statement (rule I, pair order), 'Baku accused Yerevan', 'Yerevan denied', "
            "third-country ministry, neutral schedule from an official (rule K)"
        ),
        headline="Armenia and Azerbaijan agree to resume border talks",
        paragraphs=(
            (
                "Armenia and Azerbaijan said in a joint statement on Friday that they had "
                "agreed to resume talks on delimiting their border."
            ),
            "Baku accused Yerevan of dragging its feet on the opening of transport routes.",
            "Yerevan denied the charge and said it remained committed to the peace agenda.",
            "Russia's foreign ministry said Moscow was ready to host the next round.",
            (
                "The two foreign ministers are due to meet in Geneva on March 3, the "
                "Armenian foreign ministry said."
            ),
        ),
        expected={
            "Armenia and Azerbaijan said in a joint statement": ("ARM", "AZE"),
            "Baku accused Yerevan": ("AZE",),
            "Yerevan denied the charge": ("ARM",),
            "Russia's foreign ministry said Moscow was ready": ("RUS",),
            "The two foreign ministers are due to meet in Geneva": NONE,
        },
    ),
    Case(
        id="egy_eth_cairo_pm_office",
        pair=("EGY", "ETH"),
        covers=(
            "Egypt's foreign ministry, 'Cairo has warned', Ethiopian prime minister's office, "
            "construction company, academics at a university named after a capital"
        ),
        headline="Egypt warns Ethiopia over new dam filling",
        paragraphs=(
            (
                "Egypt's foreign ministry said on Saturday that Ethiopia's decision to begin "
                'a new filling of its dam was "a flagrant violation" of international law.'
            ),
            (
                'Cairo has warned that it will take "all necessary measures" to protect its '
                "water security."
            ),
            (
                "The Ethiopian prime minister's office said the filling would \"not cause "
                'significant harm" to downstream countries and that Addis Ababa remained '
                "open to talks."
            ),
            "An Italian construction company building the dam said work was on schedule.",
            (
                "Hydrologists at Cairo University said the reservoir could cut the river's "
                "flow in a dry year."
            ),
        ),
        expected={
            "Egypt's foreign ministry said on Saturday": ("EGY",),
            "Cairo has warned that it will take": ("EGY",),
            "The Ethiopian prime minister's office said": ("ETH",),
            "An Italian construction company": NONE,
            "Hydrologists at Cairo University": NONE,
        },
    ),
    Case(
        id="ven_guy_caracas_georgetown_company",
        pair=("VEN", "GUY"),
        covers=(
            "'Caracas said', 'Georgetown rejected', Guyanese president, Venezuelan vice "
            "president, oil company"
        ),
        headline="Guyana rejects Venezuelan claim to disputed region",
        paragraphs=(
            (
                "Caracas said on Tuesday that Guyana had no right to award oil blocks in "
                '"waters yet to be delimited".'
            ),
            (
                'Georgetown rejected the statement as "a threat to regional peace" and said '
                "it would defend its territorial integrity."
            ),
            (
                "Guyanese President Mark Fraser told parliament that Guyana would take the "
                "case back to the International Court of Justice."
            ),
            "ExxonMobil said its operations off Guyana were continuing as normal.",
            (
                'Venezuelan Vice President Ana Torres said the government would "not give up '
                'a single inch" of the territory.'
            ),
        ),
        expected={
            "Caracas said on Tuesday": ("VEN",),
            "Georgetown rejected the statement": ("GUY",),
            "Guyanese President Mark Fraser told parliament": ("GUY",),
            "ExxonMobil said its operations": NONE,
            "Venezuelan Vice President Ana Torres said": ("VEN",),
        },
    ),
    Case(
        id="can_ind_expulsions",
        pair=("CAN", "IND"),
        covers=(
            "expulsion as a policy act, Canadian PM, 'India rejected', 'Indian officials said', "
            "former intelligence official"
        ),
        headline="India and Canada expel diplomats in widening row",
        paragraphs=(
            (
                "Canada expelled six Indian diplomats on Monday, saying they had been linked "
                "to a campaign of intimidation against Sikh activists."
            ),
            (
                'Canadian Prime Minister Daniel Leclerc said Ottawa had "clear and '
                'compelling evidence" of the involvement of agents of the Indian government.'
            ),
            (
                'India rejected the allegations as "preposterous" and ordered six Canadian '
                "diplomats to leave the country."
            ),
            (
                "Indian officials said New Delhi had repeatedly asked Ottawa to act against "
                "extremists operating from Canadian soil."
            ),
            (
                "A former Canadian intelligence official said the expulsions marked the "
                "lowest point in relations in decades."
            ),
        ),
        expected={
            "Canada expelled six Indian diplomats": ("CAN",),
            "Canadian Prime Minister Daniel Leclerc said": ("CAN",),
            "India rejected the allegations": ("IND",),
            "Indian officials said New Delhi": ("IND",),
            "A former Canadian intelligence official": NONE,
        },
    ),
    Case(
        id="pol_blr_minsk_belta_border_guard",
        pair=("POL", "BLR"),
        covers=(
            "title without nationality after the clause, 'Minsk called', BelTA quoting the "
            "ministry, operational figures from an agency (rule E), 'Polish officials said', "
            "rights groups"
        ),
        headline="Poland closes border crossings with Belarus",
        paragraphs=(
            (
                "Poland will close its last two road crossings with Belarus from Friday, "
                "Interior Minister Tomasz Wrobel said."
            ),
            (
                'Minsk called the decision "an unfriendly step" that would hurt ordinary '
                "people on both sides."
            ),
            (
                "BelTA quoted the Belarusian foreign ministry as saying that Warsaw was "
                '"fuelling hysteria".'
            ),
            (
                "Poland's border guard said it had recorded 320 attempts to cross the border "
                "illegally in the past week."
            ),
            ("Polish officials said Minsk was deliberately pushing migrants towards the frontier."),
            "Human rights groups said the closure would leave asylum seekers stranded.",
        ),
        expected={
            "Poland will close its last two road crossings": ("POL",),
            "Minsk called the decision": ("BLR",),
            "BelTA quoted the Belarusian foreign ministry": ("BLR",),
            "Poland's border guard said it had recorded 320": NONE,
            "Polish officials said Minsk": ("POL",),
            "Human rights groups said the closure": NONE,
        },
    ),
    Case(
        id="deu_pol_spokesman_for_multi_sentence_quote",
        pair=("DEU", "POL"),
        covers=(
            "'Berlin said', 'X, a spokesman for the German government, said', Polish deputy "
            "minister, a quotation spanning two sentences with the speaker after it, historian "
            "at a university named after a capital"
        ),
        headline="Germany rejects Polish call for war reparations",
        paragraphs=(
            (
                "Berlin said on Wednesday that the question of reparations for the Second "
                "World War was legally and politically closed."
            ),
            (
                "Steffen Albrecht, a spokesman for the German government, said Germany "
                "recognised its historical responsibility but saw no basis for new "
                "negotiations."
            ),
            (
                "Polish Deputy Foreign Minister Piotr Nowicki said Warsaw would keep "
                "pressing its claim."
            ),
            (
                '"We will not give up. This is a matter of justice for millions of victims," '
                "Nowicki told reporters."
            ),
            "A historian at the University of Warsaw said the losses were hard to quantify.",
        ),
        expected={
            "Berlin said on Wednesday": ("DEU",),
            "Steffen Albrecht, a spokesman for the German government": ("DEU",),
            "Polish Deputy Foreign Minister Piotr Nowicki said": ("POL",),
            '"We will not give up.': ("POL",),
            "This is a matter of justice for millions of victims": ("POL",),
            "A historian at the University of Warsaw": NONE,
        },
    ),
]


def _slug(text: str, size: int = 36) -> str:
    words = re.sub(r"[^\w' -]+", "", text).split()
    out = "_".join(words)
    return out[:size].rstrip("_")


PARAMS = [
    pytest.param(case, fragment, codes, id=f"{case.id}-{_slug(fragment)}")
    for case in CASES
    for fragment, codes in case.expected.items()
]

_CACHE: dict[str, list[Sentence]] = {}


@pytest.fixture(scope="module")
def classify_case(session: Session, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Classify a case's passage once (with its pair given) and return its sentences."""
    root = tmp_path_factory.mktemp("pairs")

    def run(case: Case) -> list[Sentence]:
        if case.id not in _CACHE:
            path = Path(root) / f"{case.id}.txt"
            path.write_text(case.text, encoding="utf-8")
            pinned = Session(
                settings=Settings(pair=case.pair),
                registry=session.registry,
                cues=session.cues,
                nlp=session.nlp,
            )
            _CACHE[case.id] = classify_paths([path], pinned).sentences
        return _CACHE[case.id]

    return run


def _describe(s: Sentence) -> str:
    speaker = (
        f"{s.speaker.name!r} → {s.speaker.government} ({s.speaker.resolved_by})"
        if s.speaker
        else "none"
    )
    return f"labels={list(s.labels)} speaker={speaker} reasons={list(s.reasons)}"


def test_cases_are_well_formed() -> None:
    """Enough pairs, and every fragment occurs exactly once in its passage."""
    pairs = {frozenset(c.pair) for c in CASES}
    assert len(pairs) >= 15
    for case in CASES:
        for fragment in case.expected:
            assert case.text.count(fragment) == 1, (case.id, fragment)


@pytest.mark.parametrize(("case", "fragment", "codes"), PARAMS)
def test_position_attribution(
    case: Case,
    fragment: str,
    codes: tuple[str, ...],
    classify_case,  # type: ignore[no-untyped-def]
) -> None:
    sentences = classify_case(case)
    hits = [s for s in sentences if fragment in s.text]
    assert len(hits) == 1, (
        f"segmentation: fragment {fragment!r} is in {len(hits)} sentences: "
        + " | ".join(h.text for h in hits)
    )
    sent = hits[0]
    assert sent.block_kind == BlockKind.BODY, f"{sent.text!r} was read as {sent.block_kind}"
    got = tuple(g for g in (government_of(lbl) for lbl in sent.labels) if g)
    assert got == codes, (
        f"\n  sentence: {sent.text}\n  expected positions: {list(codes) or 'none'}"
        f"\n  got: {_describe(sent)}"
    )
