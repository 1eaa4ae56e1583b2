"""The filters a patient sees: which service codes each offers, and how choices combine.

Choices within one filter mean "any of"; different filters must all match. Every chosen code
travels in the shared link as one repeatable `service` parameter, so a code must belong to
exactly one filter: the filters below, then one filter per remaining dictionary category.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from clinic_finder.table.services import KEY_SERVICES, ServiceDictionary
from clinic_finder.text.i18n import ENGLISH, N_, Translator


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    codes: tuple[str, ...]
    main: bool = True  # shown on its own; the others live together under "all services"


# Most wanted first. Codes a source does not publish are simply never offered.
MAIN_FILTERS = tuple(
    Filter(key, label, tuple(codes.split()))
    for key, label, codes in (
        ("treatment", N_("Treatments"), "KIT TMS ECT TELE"),
        # Medications for opioid use disorder (and the OTPs that give methadone), detox,
        # residential and transitional housing: SAMHSA's SU codes plus DHCS's detox.
        (
            "substance",
            N_("Substance use care"),
            "OTP MM MU METH DM BUM UB BU BWN BWON BERI BSDM DB UN NU NXN VTRL RPN OMB MWS "
            "DT DTX HID RD OD ODTX ADTX BDTX CDTX MDTX MDET RS RL HH",
        ),
        ("care", N_("Type of care"), "MH SA SUMH"),
        ("setting", N_("Setting"), "OP RES HI PHDT OIT ODT ORT HIT"),
        # Self-reported to SAMHSA; the state licence record is the separate "licence" filter.
        (
            "accreditation",
            N_("Licensing and accreditation (reported to SAMHSA)"),
            "STAG STMH STDH HLA SOTP DEA JC CARF NCQA COA HFAP FQHC MHC",
        ),
        # SAMHSA's own list of certified OTPs, matched by this project: not a self-report.
        ("otp_directory", N_("SAMHSA's OTP directory"), "OTPD"),
        (
            "payment",
            N_("Payment accepted"),
            "MD MC PI SF MI VAF SI ITU CLF OSF SMHA FG CSBG CMHG PCF SCJJ SEF SWFS FSA SAMF NP",
        ),
        ("assistance", N_("Payment help"), "SS PA"),
        ("age", N_("Ages"), "CHLD YAD ADLT SNR"),
        (
            "groups",
            N_("Special groups"),
            "VET ADM MF GL TRMA PTSD DV TAY SE PEFP PED TBI ALZ HV CJ CO SED SMI WMN MEN WCH FAM "
            "AD WN MN PW XA COPSU",
        ),
        (
            "language",
            N_("Languages"),
            "SP AH NX FX F4 F17 F19 F25 F28 F30 F31 F35 F36 F37 F42 F43 F47 F66 F67 F70 F81 F92 "
            "N24 N40",
        ),
        ("crisis", N_("Crisis and emergency"), "WI PEON PEOFF CIT"),
        (
            "facility",
            N_("Facility type"),
            "CMHC CBHC MSMH OMH ORES PH PSY RTCA RTCC IPSY SHP VAHC GH PSYH",
        ),
    )
)

# Shorter words where the dictionary's name is a sentence (the dictionary's own name is the help).
SHORT_LABELS = {
    **KEY_SERVICES,
    "SUMH": N_("Co-occurring (substance use + mental health)"),
    "HI": N_("Hospital inpatient"),
    "DTX": N_("Withdrawal management (detox)"),
    "PA": N_("Payment assistance"),
    "SS": N_("Sliding fee scale"),
    "SF": N_("Cash or self-pay"),
    "MI": N_("Military insurance (TRICARE)"),
    "VAF": N_("VA funds"),
    "SI": N_("State health insurance"),
    "CHLD": N_("Children and adolescents"),
    "GL": N_("LGBTQ+"),
    "TRMA": N_("Trauma"),
    "PTSD": N_("PTSD"),
    "DV": N_("Domestic violence"),
    "PEFP": N_("First-episode psychosis"),
    "SED": N_("Children with serious emotional disturbance"),
    "SMI": N_("Adults with serious mental illness"),
    "CO": N_("Co-occurring disorders"),
    "HV": N_("HIV or AIDS"),
    "AH": N_("Sign language (ASL)"),
    "NX": N_("American Indian or Alaska Native languages"),
    "FX": N_("Other languages"),
    "F17": N_("Chinese"),
    "PEON": N_("Psychiatric emergency on site"),
    "PEOFF": N_("Mobile crisis team"),
    "WI": N_("Psychiatric emergency walk-in"),
    "CIT": N_("Crisis intervention team"),
    "CMHC": N_("Community mental health center"),
    "CBHC": N_("Certified community behavioral health clinic"),
    "VAHC": N_("VA medical center"),
    "OTP": N_("Opioid treatment program (OTP)"),
    "MM": N_("Methadone maintenance"),
    "MU": N_("Methadone used in treatment"),
    "BU": N_("Buprenorphine used in treatment"),
    "UB": N_("Prescribes buprenorphine"),
    "BUM": N_("Buprenorphine maintenance"),
    "NU": N_("Naltrexone used in treatment"),
    "UN": N_("Prescribes naltrexone"),
    "VTRL": N_("Injectable naltrexone (Vivitrol)"),
    "DT": N_("Detox"),
    "RS": N_("Short-term residential"),
    "RL": N_("Long-term residential"),
    "HH": N_("Transitional housing or sober home"),
    "STAG": N_("State substance use agency"),
    "STMH": N_("State mental health department"),
    "STDH": N_("State department of health"),
    "SOTP": N_("SAMHSA-certified OTP"),
    "OTPD": N_("Listed in SAMHSA's OTP directory (2021)"),
    "JC": N_("Joint Commission"),
}

# Licence status is a fact of the licence record, not a service code: its own filter and parameter.
LICENCE_FILTER = {
    "active": N_("Active state license"),
    "expiring": N_("License expiring within 90 days"),
    "expired": N_("License expired"),
    "unknown": N_("No state license record"),
}


def label(code: str, dictionary: ServiceDictionary, t: Translator = ENGLISH) -> str:
    return t.gettext(SHORT_LABELS.get(code) or dictionary.get(code).name)


class FilterSet:
    """The filters for one dictionary and one table: every code the table has, in one place."""

    def __init__(self, dictionary: ServiceDictionary, available: Iterable[str]):
        available = set(available)
        placed = {code for f in MAIN_FILTERS for code in f.codes}
        self.filters = [
            Filter(f.key, f.label, tuple(c for c in f.codes if c in available))
            for f in MAIN_FILTERS
        ]
        rest: dict[str, list[str]] = {}
        for service in dictionary:
            if service.code in available and service.code not in placed:
                rest.setdefault(service.category_code, []).append(service.code)
        names = dictionary.categories()
        self.filters += [
            Filter(f"more_{category}", names[category], tuple(codes), main=False)
            for category, codes in rest.items()
        ]
        self._filter_of = {code: f.key for f in self.filters for code in f.codes}

    def __iter__(self) -> Iterator[Filter]:
        return iter(self.filters)

    def main(self) -> list[Filter]:
        return [f for f in self.filters if f.main]

    def more(self) -> list[Filter]:
        return [f for f in self.filters if not f.main]

    def codes(self) -> set[str]:
        return set(self._filter_of)

    def filter_of(self, code: str) -> str | None:
        return self._filter_of.get(code)

    def groups(self, codes: Iterable[str]) -> dict[str, frozenset[str]]:
        """Chosen codes sorted into their filters; codes no filter knows are left out."""
        grouped: dict[str, set[str]] = {}
        for code in codes:
            key = self._filter_of.get(code)
            if key:
                grouped.setdefault(key, set()).add(code)
        return {key: frozenset(chosen) for key, chosen in grouped.items()}

    def query_filters(self, codes: Iterable[str]) -> tuple[frozenset[str], ...]:
        """The search's filter groups: any code within a filter, every filter."""
        grouped = self.groups(codes)
        return tuple(grouped[key] for key in sorted(grouped))
