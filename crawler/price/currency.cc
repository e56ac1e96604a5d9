#include "crawler/price/currency.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "crawler/base/text.h"
#include "crawler/base/utf8.h"

namespace pricecrawl::crawler {
namespace {

// One currency: its ISO 4217 code ("" for currencies that have none), the ISO 4217 exponent,
// and the spellings shops print for it, '|'-separated. The code itself is always a spelling
// too. Where a spelling is listed under several currencies, the first listing decides its
// code unless kAmbiguous below overrides it.
struct CurrencyInfo {
  std::string_view code;
  int minor_units;
  std::string_view spellings;
};

// Ordered: more widely used currencies first, so shared spellings map to them.
constexpr CurrencyInfo kCurrencies[] = {
    {"USD", 2, "US$|$|U$S"},
    {"EUR", 2, "€|euro|eur|EURO"},
    {"GBP", 2, "£|￡|UK£"},
    {"JPY", 0, "¥|￥|円|JP¥|yen"},
    {"CNY", 2, "CN¥|元|人民币|RMB|yuan"},
    {"CHF", 2, "Fr.|SFr.|SFr|fr."},
    {"SEK", 2, "kr|Kr|kr.|Kr.|Skr|SKr"},
    {"NOK", 2, "Nkr|NKr"},
    {"DKK", 2, "Dkr|DKr"},
    {"ISK", 0, "Ikr|ÍSK"},
    {"CAD", 2, "CA$|C$|Can$|CAN$|CAD$"},
    {"AUD", 2, "AU$|A$|AUD$"},
    {"NZD", 2, "NZ$"},
    {"HKD", 2, "HK$"},
    {"SGD", 2, "S$"},
    {"TWD", 2, "NT$|NTD"},
    {"MXN", 2, "MX$|Mex$"},
    {"BRL", 2, "R$"},
    {"ARS", 2, "AR$"},
    {"CLP", 0, "CL$"},
    {"COP", 2, "CO$"},
    {"UYU", 2, "$U|UY$"},
    {"DOP", 2, "RD$"},
    {"JMD", 2, "J$"},
    {"TTD", 2, "TT$"},
    {"BZD", 2, "BZ$"},
    {"BBD", 2, "Bds$"},
    {"BND", 2, "BN$"},
    {"CUC", 2, "CUC$"},
    {"CVE", 2, "CV$"},
    {"MOP", 2, "MOP$"},
    {"NAD", 2, "N$"},
    {"TOP", 2, "T$"},
    {"WST", 2, "WS$"},
    {"ZWL", 2, "Z$"},
    {"GYD", 2, "G$|GY$"},
    {"LRD", 2, "L$"},
    {"SRD", 2, "SR$"},
    {"NIO", 2, "C$"},
    {"RUB", 2, "₽|руб.|руб|р.|Р|р|RUR"},
    {"BYN", 2, "Br|бел. руб."},
    {"UAH", 2, "₴|грн.|грн"},
    {"PLN", 2, "zł|Zł|ZŁ|pln"},
    {"CZK", 2, "Kč"},
    {"HUF", 2, "Ft"},
    {"RON", 2, "lei|Lei|LEI|leu"},
    {"BGN", 2, "лв.|лв"},
    {"RSD", 2, "дин.|din.|Dinara|динар|дин|Дин"},
    {"HRK", 2, "kn"},
    {"BAM", 2, "KM"},
    {"MKD", 2, "ден|ДЕН"},
    {"ALL", 2, "Lek"},
    {"MDL", 2, ""},
    {"GEL", 2, "₾|ლარი|lari"},
    {"AMD", 2, "֏|դր.|դր"},
    {"AZN", 2, "₼|ман.|man."},
    {"KZT", 2, "₸|тңг.|тңг"},
    {"KGS", 2, "сом"},
    {"UZS", 2, "so'm|soʻm|сўм"},
    {"TRY", 2, "₺|TL"},
    {"ILS", 2, "₪|ש״ח|ש\"ח|NIS"},
    {"INR", 2, "₹|Rs.|Rs|र|रु|টকা"},
    {"PKR", 2, "₨|PKRs"},
    {"LKR", 2, "SLRs|SL Re|රු"},
    {"NPR", 2, "NPRs|नेरू"},
    {"BDT", 2, "৳|Tk"},
    {"BTN", 2, "Nu."},
    {"MVR", 2, "Rf|MRf|ރ"},
    {"MUR", 2, "MURs"},
    {"IDR", 2, "Rp"},
    {"MYR", 2, "RM"},
    {"THB", 2, "฿|บาท"},
    {"VND", 0, "₫|đ|VNĐ"},
    {"PHP", 2, "₱|PhP"},
    {"KRW", 0, "₩|원"},
    {"KHR", 2, "៛"},
    {"LAK", 2, "₭"},
    {"MNT", 2, "₮"},
    {"AFN", 2, "؋|Af"},
    {"IRR", 2, "﷼|ریال|تومان"},
    {"SAR", 2, "ر.س.\u200f|ر.س.|ر.س|ريال|SR"},
    {"AED", 2, "د.إ.\u200f|د.إ.|د.إ|درهم"},
    {"QAR", 2, "ر.ق.\u200f|ر.ق.|ر.ق|QR"},
    {"OMR", 3, "ر.ع.\u200f|ر.ع.|ر.ع"},
    {"YER", 2, "ر.ي.\u200f|ر.ي.|ر.ي|YR"},
    {"KWD", 3, "د.ك.\u200f|د.ك.|د.ك|KD"},
    {"BHD", 3, "د.ب.\u200f|د.ب.|د.ب|BD"},
    {"JOD", 3, "د.أ.\u200f|د.أ.|د.أ|JD"},
    {"IQD", 3, "د.ع.\u200f|د.ع.|د.ع|ع.د"},
    {"LYD", 3, "د.ل.\u200f|د.ل.|د.ل|ل.د|LD"},
    {"TND", 3, "د.ت.\u200f|د.ت.|د.ت|DT"},
    {"DZD", 2, "د.ج.\u200f|د.ج.|د.ج|دج|DA"},
    {"MAD", 2, "د.م.\u200f|د.م.|د.م"},
    {"EGP", 2, "ج.م.\u200f|ج.م.|ج.م|جنيه|E£"},
    {"LBP", 2, "LB£|ل.ل.\u200f|ل.ل.|ل.ل"},
    {"SYP", 2, "SY£|ل.س.\u200f|ل.س.|ل.س"},
    {"NGN", 2, "₦"},
    {"GHS", 2, "GH₵|GH¢"},
    {"KES", 2, "Ksh|KSh|KShs"},
    {"TZS", 2, "TSh"},
    {"UGX", 0, "USh"},
    {"SOS", 2, "Ssh"},
    {"ETB", 2, "Birr"},
    {"ERN", 2, "Nfk"},
    {"DJF", 0, "Fdj"},
    {"BIF", 0, "FBu"},
    {"RWF", 0, "FRw"},
    {"KMF", 0, "CF"},
    {"CDF", 2, "FrCD"},
    {"GNF", 0, "FG|GFr"},
    {"XAF", 0, "FCFA"},
    {"XOF", 0, "CFA"},
    {"XPF", 0, "CFP"},
    {"AOA", 2, "Kz"},
    {"MZN", 2, "MTn"},
    {"MWK", 2, "MK"},
    {"ZMW", 2, "ZK"},
    {"MRU", 2, "UM"},
    {"STN", 2, "Db"},
    {"SLE", 2, ""},
    {"SLL", 2, "Le"},
    {"ZAR", 2, "R"},
    {"BWP", 2, "P"},
    {"GTQ", 2, "Q"},
    {"HNL", 2, "L"},
    {"CRC", 2, "₡"},
    {"PYG", 0, "₲"},
    {"PAB", 2, "B/."},
    {"PEN", 2, "S/."},
    {"BOB", 2, "Bs"},
    {"VES", 2, "Bs.S.|Bs.S"},
    {"VEF", 2, "Bs.F.|Bs.F"},
    {"ANG", 2, "ƒ|NAƒ"},
    {"AWG", 2, "Afl.|Afl"},
    {"VUV", 0, "VT"},
    {"FJD", 2, "FJ$"},
    {"SBD", 2, "SI$"},
    {"PGK", 2, ""},
    {"XCD", 2, "EC$"},
    {"KYD", 2, "CI$"},
    {"BMD", 2, "BD$"},
    {"BSD", 2, ""},
    {"HTG", 2, ""},
    {"CUP", 2, ""},
    {"SCR", 2, ""},
    {"LSL", 2, ""},
    {"SZL", 2, ""},
    {"GMD", 2, ""},
    {"SDG", 2, "ج.س.|ج.س"},
    {"SSP", 2, ""},
    {"MGA", 2, ""},
    {"MMK", 2, ""},
    {"TJS", 2, ""},
    {"TMT", 2, ""},
    {"KPW", 2, ""},
    {"FKP", 2, ""},
    {"GIP", 2, ""},
    {"SHP", 2, ""},
    {"SVC", 2, ""},
    {"CLF", 4, "UF"},
    {"UYW", 4, ""},
    {"UYI", 0, ""},
    {"BOV", 2, ""},
    {"CHE", 2, ""},
    {"CHW", 2, ""},
    {"COU", 2, ""},
    {"MXV", 2, ""},
    {"USN", 2, ""},
    {"XDR", 0, ""},
    {"XAU", 0, ""},
    {"XAG", 0, ""},
    {"XPT", 0, ""},
    {"XPD", 0, ""},
    {"XSU", 0, "Sucre"},
    {"XUA", 0, ""},
    {"XBA", 0, ""},
    {"XBB", 0, ""},
    {"XBC", 0, ""},
    {"XBD", 0, ""},
    {"XTS", 0, ""},
    // Withdrawn currencies still printed on old pages and in catalogues.
    {"DEM", 2, "DM|D-Mark"},
    {"FRF", 2, "₣"},
    {"ITL", 0, "₤"},
    {"ESP", 0, "₧|Pta|Ptas|Pts"},
    {"PTE", 0, ""},
    {"NLG", 2, "fl."},
    {"ATS", 2, "öS"},
    {"BEF", 0, ""},
    {"FIM", 2, "mk."},
    {"GRD", 0, "₯|Δρχ.|Δρ."},
    {"IEP", 2, "IR£"},
    {"LUF", 0, ""},
    {"LVL", 2, "Ls"},
    {"LTL", 2, "Lt|litų"},
    {"EEK", 2, "kroon"},
    {"SKK", 2, "Sk"},
    {"SIT", 2, "tolarjev"},
    {"CYP", 2, ""},
    {"MTL", 2, "Lm"},
    {"MRO", 2, ""},
    {"STD", 2, ""},
    {"ZMK", 2, ""},
    {"ZWD", 2, ""},
    {"BYR", 0, ""},
    // Currency signs without an ISO 4217 code.
    {"", 2, "₿|₶|₠|₢|₰|₳|₷|ℳ|৲|૱|௹"},
};

// Spellings that mean a currency wherever they appear, searched before all others.
constexpr std::string_view kAlwaysCurrency[] = {
    "$",          "US$",        "AU$",        "A$",         "CA$",        "C$",
    "NZ$",        "HK$",        "S$",         "NT$",        "MX$",        "R$",
    "AR$",        "CL$",        "CO$",        "$U",         "RD$",        "J$",
    "TT$",        "BZ$",        "Bds$",       "BN$",        "CUC$",       "CV$",
    "MOP$",       "N$",         "T$",         "WS$",        "Z$",         "SY£",
    "LB£",        "CN¥",        "GH₵",        "E£",         "CAN$",       "CAD$",
    "AUD$",       "€",          "£",          "¥",          "￥",         "zł",
    "Zł",         "Kč",         "₽",        "฿",          "դր.",        "դր",
    "₦",          "₴",          "₱",          "৳",          "₭",          "₪",
    "﷼",          "៛",          "₩",          "₫",          "₡",          "টকা",
    "ƒ",          "₲",          "؋",          "₮",          "नेरू",         "₨",
    "₶",          "₾",        "֏",          "ރ",          "৲",          "૱",
    "௹",          "₠",          "₢",          "₣",          "₤",          "₧",
    "₯",          "₰",          "₳",          "₷",          "₸",          "₹",
    "₺",          "₼",        "₿",        "ℳ",          "ر.ق.\u200f", "د.ك.\u200f",
    "د.ع.\u200f", "ر.ع.\u200f", "ر.ي.\u200f", "ر.س.\u200f", "د.ج.\u200f", "د.م.\u200f",
    "د.إ.\u200f", "د.ت.\u200f", "د.ل.\u200f", "ل.س.\u200f", "د.ب.\u200f", "د.أ.\u200f",
    "ج.م.\u200f", "ل.ل.\u200f", "تومان",      "EUR",        "euro",       "eur",
    "CHF",        "DKK",        "Rp",         "lei",        "руб.",       "руб",
    "грн.",       "грн",        "дин.",       "Dinara",     "динар",      "лв.",
    "лв",         "р.",         "тңг",        "ман.",
};

// Spellings shared by several currencies: the code by host TLD, then by language tag (full
// tag first, then its primary language), then the fallback. Lists are "key=CODE" words.
struct Ambiguous {
  std::string_view spelling;
  std::string_view fallback;
  std::string_view by_tld;
  std::string_view by_language;
};

constexpr std::string_view kDollarTlds =
    "us=USD ca=CAD au=AUD nz=NZD mx=MXN sg=SGD hk=HKD tw=TWD ar=ARS cl=CLP co=COP uy=UYU "
    "do=DOP jm=JMD tt=TTD bz=BZD bb=BBD bn=BND bs=BSD bm=BMD ky=KYD fj=FJD sb=SBD gy=GYD "
    "lr=LRD na=NAD sr=SRD ws=WST to=TOP zw=ZWL ec=USD sv=USD pa=USD pr=USD";
constexpr std::string_view kDollarLanguages =
    "en-US=USD en-CA=CAD fr-CA=CAD en-AU=AUD en-NZ=NZD es-MX=MXN en-SG=SGD zh-SG=SGD "
    "zh-HK=HKD en-HK=HKD zh-TW=TWD es-AR=ARS es-CL=CLP es-CO=COP es-UY=UYU";
constexpr std::string_view kKronaTlds = "se=SEK no=NOK dk=DKK is=ISK fo=DKK gl=DKK";
constexpr std::string_view kKronaLanguages =
    "sv=SEK nb=NOK nn=NOK no=NOK da=DKK is=ISK fo=DKK kl=DKK";

constexpr Ambiguous kAmbiguous[] = {
    {"$", "USD", kDollarTlds, kDollarLanguages},
    {"kr", "SEK", kKronaTlds, kKronaLanguages},
    {"Kr", "SEK", kKronaTlds, kKronaLanguages},
    {"kr.", "SEK", kKronaTlds, kKronaLanguages},
    {"Kr.", "SEK", kKronaTlds, kKronaLanguages},
    {"¥", "JPY", "cn=CNY jp=JPY", "zh=CNY ja=JPY"},
    {"￥", "JPY", "cn=CNY jp=JPY", "zh=CNY ja=JPY"},
    {"元", "CNY", "cn=CNY tw=TWD hk=HKD mo=MOP", "zh-TW=TWD zh-HK=HKD zh-MO=MOP"},
    {"£", "GBP", "uk=GBP eg=EGP lb=LBP sy=SYP gi=GIP fk=FKP sh=SHP", "ar-EG=EGP"},
    {"C$", "CAD", "ca=CAD ni=NIO", "es-NI=NIO"},
    {"Rs", "INR", "in=INR pk=PKR lk=LKR np=NPR mu=MUR sc=SCR", "ur=PKR si=LKR ne=NPR"},
    {"Rs.", "INR", "in=INR pk=PKR lk=LKR np=NPR mu=MUR sc=SCR", "ur=PKR si=LKR ne=NPR"},
    {"₨", "PKR", "in=INR pk=PKR lk=LKR np=NPR mu=MUR sc=SCR", "ur=PKR si=LKR ne=NPR"},
    {"лв", "BGN", "bg=BGN kg=KGS", "bg=BGN ky=KGS"},
    {"лв.", "BGN", "bg=BGN kg=KGS", "bg=BGN ky=KGS"},
    {"руб.", "RUB", "ru=RUB by=BYN", "be=BYN"},
    {"руб", "RUB", "ru=RUB by=BYN", "be=BYN"},
    {"р.", "RUB", "ru=RUB by=BYN", "be=BYN"},
    {"Br", "BYN", "by=BYN et=ETB", "am=ETB"},
    {"ƒ", "ANG", "aw=AWG", ""},
    {"₱", "PHP", "ph=PHP cu=CUP", ""},
    {"₩", "KRW", "kr=KRW kp=KPW", ""},
    {"ريال", "SAR", "sa=SAR om=OMR qa=QAR ye=YER ir=IRR", ""},
    {"درهم", "AED", "ae=AED ma=MAD", ""},
    {"جنيه", "EGP", "eg=EGP sd=SDG ss=SSP", ""},
    {"lei", "RON", "ro=RON md=MDL", "ro=RON"},
    {"Lei", "RON", "ro=RON md=MDL", "ro=RON"},
    {"LEI", "RON", "ro=RON md=MDL", "ro=RON"},
};

bool IsIsoCodeShape(std::string_view s) {
  return s.size() == 3 && IsAsciiUpper(s[0]) && IsAsciiUpper(s[1]) && IsAsciiUpper(s[2]);
}

bool IsUnicodeSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

// Letters and digits of any script (the `\w` of regular expressions), closely enough to
// tell whether an ISO code stands alone as a word.
bool IsWordCodePoint(char32_t c) {
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }
  if (c == 0xFFFD || IsUnicodeSpace(c)) {
    return false;
  }
  if (c < 0xC0) {
    return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA ||
           (c >= 0xBC && c <= 0xBE);
  }
  if (c < 0x2C2) {
    return c != 0xD7 && c != 0xF7;
  }
  if (c < 0x370) {
    return (c >= 0x2C6 && c <= 0x2D1) || (c >= 0x2E0 && c <= 0x2E4);
  }
  if (c < 0x530) {
    return !(c >= 0x482 && c <= 0x489) && c != 0x37E && c != 0x387 && c != 0x3F6;
  }
  if (c < 0x590) {
    return (c >= 0x531 && c <= 0x556) || (c >= 0x560 && c <= 0x588);
  }
  if (c < 0x600) {
    return c >= 0x5D0 && c <= 0x5F2;
  }
  if (c < 0x700) {
    return (c >= 0x620 && c <= 0x64A) || (c >= 0x660 && c <= 0x669) ||
           (c >= 0x66E && c <= 0x6D3 && c != 0x66A && c != 0x670) || c == 0x6D5 ||
           (c >= 0x6EE && c <= 0x6FC) || c == 0x6FF;
  }
  if (c < 0x2000) {
    return true;  // Syriac to Greek Extended: letters, with their marks counted as letters
  }
  if (c < 0x2C00) {
    return (c >= 0x2070 && c <= 0x209C) ||
           (c >= 0x2102 && c <= 0x214F && c != 0x2117 && c != 0x2118 && c != 0x211E &&
            c != 0x2120 && c != 0x2122 && c != 0x212E) ||
           (c >= 0x2150 && c <= 0x2189);
  }
  if (c < 0x2E00) {
    return true;
  }
  if (c < 0x3040) {
    return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3021 && c <= 0x3029) ||
           (c >= 0x3031 && c <= 0x3035) || (c >= 0x3038 && c <= 0x303C);
  }
  if (c < 0xD800) {
    return c != 0x309B && c != 0x309C && c != 0x30A0 && c != 0x30FB;
  }
  if (c < 0xF900) {
    return false;
  }
  if (c < 0xFE00) {
    return c != 0xFD3E && c != 0xFD3F && c != 0xFDFC && c != 0xFDFD;
  }
  if (c < 0xFF00) {
    return c >= 0xFE70 && c <= 0xFEFC;
  }
  if (c < 0x10000) {
    return (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
           (c >= 0xFF41 && c <= 0xFF5A) || (c >= 0xFF66 && c <= 0xFFDC);
  }
  return true;
}

std::string_view TrimUnicodeSpace(std::string_view s) {
  while (!s.empty()) {
    const Utf8CodePoint first = DecodeUtf8At(s, 0);
    if (!IsUnicodeSpace(first.value)) {
      break;
    }
    s.remove_prefix(first.size);
  }
  while (!s.empty()) {
    const Utf8CodePoint last = DecodeUtf8Before(s, s.size());
    if (!IsUnicodeSpace(last.value)) {
      break;
    }
    s.remove_suffix(last.size);
  }
  return s;
}

// A set of spellings searched leftmost-first, longest-first at one position. Spellings are
// bucketed by their first byte, so a search costs O(text * spellings sharing a first byte).
class SpellingSet {
 public:
  void Add(std::string_view spelling) {
    if (!spelling.empty()) {
      buckets_[static_cast<unsigned char>(spelling.front())].push_back(spelling);
    }
  }

  void Finish() {
    for (auto& bucket : buckets_) {
      std::sort(bucket.begin(), bucket.end());
      bucket.erase(std::unique(bucket.begin(), bucket.end()), bucket.end());
      std::stable_sort(bucket.begin(), bucket.end(),
                       [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
    }
  }

  // The leftmost, then longest, spelling in `text`; empty when none occurs.
  std::string_view Find(std::string_view text) const {
    for (std::size_t i = 0; i < text.size(); ++i) {
      for (const std::string_view spelling : buckets_[static_cast<unsigned char>(text[i])]) {
        if (text.compare(i, spelling.size(), spelling) == 0) {
          return text.substr(i, spelling.size());
        }
      }
    }
    return {};
  }

 private:
  std::array<std::vector<std::string_view>, 256> buckets_;
};

template <typename F>
void ForEachSpelling(std::string_view list, F&& f) {
  while (!list.empty()) {
    const std::size_t bar = list.find('|');
    f(list.substr(0, bar));
    if (bar == std::string_view::npos) {
      break;
    }
    list.remove_prefix(bar + 1);
  }
}

// Looks `key` up in a "key=CODE key=CODE" list, ignoring ASCII case of the key.
std::string_view LookUpPair(std::string_view pairs, std::string_view key) {
  while (!pairs.empty()) {
    const std::size_t space = pairs.find(' ');
    const std::string_view word = pairs.substr(0, space);
    const std::size_t eq = word.find('=');
    if (eq != std::string_view::npos && AsciiEqualsIgnoreCase(word.substr(0, eq), key)) {
      return word.substr(eq + 1);
    }
    if (space == std::string_view::npos) {
      break;
    }
    pairs.remove_prefix(space + 1);
  }
  return {};
}

struct Index {
  std::unordered_map<std::string_view, std::string_view> code_of_spelling;
  std::unordered_map<std::string_view, int> minor_units;
  std::unordered_map<std::string_view, const Ambiguous*> ambiguous;
  std::unordered_set<std::string_view> dollar_codes;  // ISO codes ending in D ("dollar")
  SpellingSet always;
  SpellingSet others;

  Index() {
    std::unordered_set<std::string_view> always_set(std::begin(kAlwaysCurrency),
                                                    std::end(kAlwaysCurrency));
    for (const std::string_view s : kAlwaysCurrency) {
      always.Add(s);
    }
    auto add_other = [&](std::string_view s) {
      const bool lone_capital = s.size() == 1 && IsAsciiUpper(s[0]);
      if (!always_set.contains(s) && !lone_capital) {
        others.Add(s);
      }
    };
    for (const CurrencyInfo& c : kCurrencies) {
      if (!c.code.empty()) {
        minor_units.emplace(c.code, c.minor_units);
        code_of_spelling.emplace(c.code, c.code);
        add_other(c.code);
        if (c.code.back() == 'D') {
          dollar_codes.insert(c.code);
        }
      }
      ForEachSpelling(c.spellings, [&](std::string_view s) {
        if (s.empty()) {
          return;
        }
        code_of_spelling.emplace(s, c.code);
        add_other(s);
        if (IsIsoCodeShape(s) && s.back() == 'D') {
          dollar_codes.insert(s);
        }
      });
    }
    for (const Ambiguous& a : kAmbiguous) {
      ambiguous.emplace(a.spelling, &a);
    }
    always.Finish();
    others.Finish();
  }
};

const Index& GetIndex() {
  static const Index index;
  return index;
}

// A dollar-family ISO code standing as a word: "NZD 5", "SGD$5", "5 AUD". Python's
// `\bCODE(?=\$?(?:[\W\d]|$))`, i.e. not glued to a letter on either side.
std::string_view FindDollarCode(std::string_view text, const Index& index) {
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if (!IsAsciiUpper(text[i]) || !index.dollar_codes.contains(text.substr(i, 3))) {
      continue;
    }
    if (i > 0 && IsWordCodePoint(DecodeUtf8Before(text, i).value)) {
      continue;
    }
    const std::size_t after = i + 3;
    if (after < text.size() && text[after] != '$') {
      const char32_t next = DecodeUtf8At(text, after).value;
      if (IsWordCodePoint(next) && !(next >= '0' && next <= '9')) {
        continue;
      }
    }
    return text.substr(i, 3);
  }
  return {};
}

std::optional<std::string> Resolve(const Ambiguous& a, std::string_view host_tld,
                                   std::string_view language) {
  if (!host_tld.empty()) {
    if (host_tld.front() == '.') {
      host_tld.remove_prefix(1);
    }
    const std::string_view code = LookUpPair(a.by_tld, host_tld);
    if (!code.empty()) {
      return std::string(code);
    }
  }
  if (!language.empty()) {
    std::string tag(language);
    std::replace(tag.begin(), tag.end(), '_', '-');
    std::string_view code = LookUpPair(a.by_language, tag);
    if (code.empty()) {
      code = LookUpPair(a.by_language, std::string_view(tag).substr(0, tag.find('-')));
    }
    if (!code.empty()) {
      return std::string(code);
    }
  }
  return std::string(a.fallback);
}

}  // namespace

std::optional<std::string> CurrencyCode(std::string_view symbol_or_code, std::string_view host_tld,
                                        std::string_view language) {
  const Index& index = GetIndex();
  const std::string_view s = TrimUnicodeSpace(symbol_or_code);
  if (s.empty()) {
    return std::nullopt;
  }
  if (const auto it = index.ambiguous.find(s); it != index.ambiguous.end()) {
    return Resolve(*it->second, host_tld, language);
  }
  if (const auto it = index.code_of_spelling.find(s); it != index.code_of_spelling.end()) {
    if (it->second.empty()) {
      return std::nullopt;
    }
    return std::string(it->second);
  }
  // ISO codes and Latin spellings in another letter case ("usd", "EURO", "PLN").
  if (s.size() <= 16) {
    std::string upper(s);
    for (char& c : upper) {
      c = AsciiToUpper(c);
    }
    if (IsIsoCodeShape(upper) && index.minor_units.contains(upper)) {
      return upper;
    }
    for (const CurrencyInfo& c : kCurrencies) {
      std::optional<std::string> found;
      ForEachSpelling(c.spellings, [&](std::string_view spelling) {
        if (!found && !c.code.empty() && spelling.size() > 1 &&
            AsciiEqualsIgnoreCase(spelling, s)) {
          found = std::string(c.code);
        }
      });
      if (found) {
        return found;
      }
    }
  }
  return std::nullopt;
}

int MinorUnits(std::string_view iso_code) {
  const Index& index = GetIndex();
  const auto it = index.minor_units.find(iso_code);
  return it == index.minor_units.end() ? 2 : it->second;
}

std::string_view FindCurrencySymbol(std::string_view price_text, std::string_view hint_text) {
  const Index& index = GetIndex();
  std::string_view found;
  if (price_text.find('$') != std::string_view::npos) {
    found = FindDollarCode(price_text, index);
  }
  if (found.empty() && hint_text.find('$') != std::string_view::npos) {
    found = FindDollarCode(hint_text, index);
  }
  for (const SpellingSet* set : {&index.always, &index.others}) {
    for (const std::string_view text : {price_text, hint_text}) {
      if (found.empty()) {
        found = set->Find(text);
      }
    }
  }
  return TrimUnicodeSpace(found);
}

std::string NormalizeCurrency(std::string_view text, const PageHints& hints) {
  const std::string t = CollapseSpace(text);
  if (t.empty()) {
    return {};
  }
  if (auto code = CurrencyCode(t, hints.host_tld, hints.language)) {
    return *code;
  }
  const std::string_view found = FindCurrencySymbol(t, {});
  if (!found.empty()) {
    if (auto code = CurrencyCode(found, hints.host_tld, hints.language)) {
      return *code;
    }
  }
  return {};
}

}  // namespace pricecrawl::crawler
