"""Language tags as books and users write them ("fr", "fr-FR", "de_DE", "FR", "pt-BR", "French").

Shared by the config (which checks the `lang` key), the readers (which read a book's language) and
the engine (which names a language no lexicon reads). A tag is kept as written, for display; it is
compared by its base subtag, in lower case ("fr-FR", "fr_CA" and "FR" are all "fr").
"""

from __future__ import annotations

from . import patterns as rx

#: A language tag: a primary subtag of 2 to 8 letters (ISO 639 codes are 2 or 3; a name such as
#: "French" is accepted too), then subtags of 1 to 8 letters or digits after "-" or "_" (BCP 47's
#: form, with the underscore that locales write). Anything else is malformed.
TAG = r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*"

#: What `describe` says of a few three-letter codes and names a book may give instead.
_OTHER_NAMES = {"fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it", "por": "pt",
                "nld": "nl", "dut": "nl", "eng": "en", "pol": "pl", "rus": "ru", "jpn": "ja", "zho": "zh",
                "chi": "zh", "swe": "sv", "dan": "da", "nor": "no", "fin": "fi", "ces": "cs", "cze": "cs"}

#: ISO 639-1 codes and their English names, as one string (split only when a name is asked for).
_NAMES = (
    "aa Afar|ab Abkhazian|af Afrikaans|ak Akan|am Amharic|an Aragonese|ar Arabic|as Assamese|av Avaric|"
    "ay Aymara|az Azerbaijani|ba Bashkir|be Belarusian|bg Bulgarian|bi Bislama|bm Bambara|bn Bengali|"
    "bo Tibetan|br Breton|bs Bosnian|ca Catalan|ce Chechen|ch Chamorro|co Corsican|cr Cree|cs Czech|"
    "cu Church Slavonic|cv Chuvash|cy Welsh|da Danish|de German|dv Divehi|dz Dzongkha|ee Ewe|el Greek|"
    "en English|eo Esperanto|es Spanish|et Estonian|eu Basque|fa Persian|ff Fulah|fi Finnish|fj Fijian|"
    "fo Faroese|fr French|fy Western Frisian|ga Irish|gd Scottish Gaelic|gl Galician|gn Guarani|"
    "gu Gujarati|gv Manx|ha Hausa|he Hebrew|hi Hindi|ho Hiri Motu|hr Croatian|ht Haitian Creole|"
    "hu Hungarian|hy Armenian|hz Herero|ia Interlingua|id Indonesian|ie Interlingue|ig Igbo|ii Sichuan Yi|"
    "ik Inupiaq|io Ido|is Icelandic|it Italian|iu Inuktitut|ja Japanese|jv Javanese|ka Georgian|"
    "kg Kongo|ki Kikuyu|kj Kuanyama|kk Kazakh|kl Greenlandic|km Khmer|kn Kannada|ko Korean|kr Kanuri|"
    "ks Kashmiri|ku Kurdish|kv Komi|kw Cornish|ky Kyrgyz|la Latin|lb Luxembourgish|lg Ganda|"
    "li Limburgish|ln Lingala|lo Lao|lt Lithuanian|lu Luba-Katanga|lv Latvian|mg Malagasy|"
    "mh Marshallese|mi Maori|mk Macedonian|ml Malayalam|mn Mongolian|mr Marathi|ms Malay|mt Maltese|"
    "my Burmese|na Nauru|nb Norwegian Bokmål|nd North Ndebele|ne Nepali|ng Ndonga|nl Dutch|"
    "nn Norwegian Nynorsk|no Norwegian|nr South Ndebele|nv Navajo|ny Chichewa|oc Occitan|oj Ojibwa|"
    "om Oromo|or Odia|os Ossetian|pa Punjabi|pi Pali|pl Polish|ps Pashto|pt Portuguese|qu Quechua|"
    "rm Romansh|rn Kirundi|ro Romanian|ru Russian|rw Kinyarwanda|sa Sanskrit|sc Sardinian|sd Sindhi|"
    "se Northern Sami|sg Sango|si Sinhala|sk Slovak|sl Slovenian|sm Samoan|sn Shona|so Somali|"
    "sq Albanian|sr Serbian|ss Swati|st Southern Sotho|su Sundanese|sv Swedish|sw Swahili|ta Tamil|"
    "te Telugu|tg Tajik|th Thai|ti Tigrinya|tk Turkmen|tl Tagalog|tn Tswana|to Tongan|tr Turkish|"
    "ts Tsonga|tt Tatar|tw Twi|ty Tahitian|ug Uyghur|uk Ukrainian|ur Urdu|uz Uzbek|ve Venda|"
    "vi Vietnamese|vo Volapük|wa Walloon|wo Wolof|xh Xhosa|yi Yiddish|yo Yoruba|za Zhuang|zh Chinese|"
    "zu Zulu"
)
_BY_CODE: dict[str, str] = {}


def well_formed(tag: str) -> bool:
    """Is `tag` a language tag in the form books and locales write it ("fr", "de-CH", "pt_BR")?"""
    return rx.fullmatch(TAG, tag.strip()) is not None


def base(tag: str) -> str:
    """A tag's base subtag in lower case ("fr-FR", "fr_CA", "FR" → "fr"; "French" → "french")."""
    low = tag.strip().lower()
    for at, ch in enumerate(low):
        if ch in "-_ \t":
            return low[:at]
    return low


def name(tag: str) -> str | None:
    """The English name of a tag's language ("pl-PL" → "Polish"), or None for one not listed."""
    if not _BY_CODE:
        for entry in _NAMES.split("|"):
            code, _, english = entry.partition(" ")
            _BY_CODE[code] = english
    code = base(tag)
    code = _OTHER_NAMES.get(code, code)
    return _BY_CODE.get(code)


def describe(tag: str) -> str:
    """A tag for a message: "Polish (pl)", "Portuguese (pt-BR)", or "xx" for a language not listed."""
    english = name(tag)
    return f"{english} ({tag})" if english else tag
