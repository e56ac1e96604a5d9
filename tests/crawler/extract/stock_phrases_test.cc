// Stock words in many languages (crawler/price/stock_phrases.h) and how the visible-text
// extractor reads a page's stock messages with them (crawler/extract/visible_text.h): every
// language of the table, negations, "only N left", per-host phrases, and the note that says
// which phrase decided.

#include "crawler/price/stock_phrases.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crawler/extract/visible_text.h"
#include "crawler/html/html.h"

namespace pricecrawl::crawler {
namespace {

// "in_stock en 'in stock'": what the matcher made of `text`, on one line.
std::string Read(std::string_view text, const StockTextOverrides& overrides = {}) {
  const StockPhraseMatch m = MatchStockPhrase(text, overrides);
  return std::string(AvailabilityName(m.availability)) + " " + (m.per_host ? "host" : m.language) +
         " '" + m.phrase + "'";
}

TEST(StockPhrasesTest, EnglishStatements) {
  EXPECT_EQ(Read("In stock"), "in_stock en 'in stock'");
  EXPECT_EQ(Read("Out of Stock"), "out_of_stock en 'out of stock'");
  EXPECT_EQ(Read("SOLD OUT"), "out_of_stock en 'sold out'");
  EXPECT_EQ(Read("Currently unavailable."), "out_of_stock en 'currently unavailable'");
  EXPECT_EQ(Read("Pre-order now"), "preorder en 'pre-order'");
  EXPECT_EQ(Read("Available for back-order"), "preorder en 'available for back-order'");
}

TEST(StockPhrasesTest, EveryLanguageOfTheTable) {
  EXPECT_EQ(Read("Auf Lager"), "in_stock de 'auf lager'");
  EXPECT_EQ(Read("Ausverkauft"), "out_of_stock de 'ausverkauft'");
  EXPECT_EQ(Read("Lieferbar auf Bestellung"), "preorder de 'lieferbar auf bestellung'");
  EXPECT_EQ(Read("En stock"), "in_stock fr 'en stock'");
  EXPECT_EQ(Read("Épuisé"), "out_of_stock fr 'épuisé'");
  EXPECT_EQ(Read("En précommande"), "preorder fr 'en précommande'");
  EXPECT_EQ(Read("Agotado"), "out_of_stock es 'agotado'");
  EXPECT_EQ(Read("Disponible bajo pedido"), "preorder es 'disponible bajo pedido'");
  EXPECT_EQ(Read("Disponibile"), "in_stock it 'disponibile'");
  EXPECT_EQ(Read("Esaurito"), "out_of_stock it 'esaurito'");
  EXPECT_EQ(Read("Op voorraad"), "in_stock nl 'op voorraad'");
  EXPECT_EQ(Read("Uitverkocht"), "out_of_stock nl 'uitverkocht'");
  EXPECT_EQ(Read("Em estoque"), "in_stock pt 'em estoque'");
  EXPECT_EQ(Read("ESGOTADO"), "out_of_stock pt 'esgotado'");
  EXPECT_EQ(Read("Na stanie"), "in_stock pl 'na stanie'");
  EXPECT_EQ(Read("Przedsprzedaż"), "preorder pl 'przedsprzedaż'");
  EXPECT_EQ(Read("Finns i lager"), "in_stock sv 'finns i lager'");
  EXPECT_EQ(Read("Slutsåld"), "out_of_stock sv 'slutsåld'");
  EXPECT_EQ(Read("På lager"), "in_stock da 'på lager'");
  EXPECT_EQ(Read("Udsolgt"), "out_of_stock da 'udsolgt'");
  EXPECT_EQ(Read("Skladem"), "in_stock cs 'skladem'");
  EXPECT_EQ(Read("Vyprodáno"), "out_of_stock cs 'vyprodáno'");
  EXPECT_EQ(Read("在庫あり"), "in_stock ja '在庫あり'");
  EXPECT_EQ(Read("売り切れ"), "out_of_stock ja '売り切れ'");
  EXPECT_EQ(Read("予約受付中"), "preorder ja '予約受付中'");
}

TEST(StockPhrasesTest, UnicodeLettersAreComparedWithoutCase) {
  EXPECT_EQ(Read("NICHT VERFÜGBAR"), "out_of_stock de 'nicht verfügbar'");
  EXPECT_EQ(Read("ÉPUISÉ"), "out_of_stock fr 'épuisé'");
  EXPECT_EQ(Read("NIEDOSTĘPNY"), "out_of_stock pl 'niedostępny'");
  EXPECT_EQ(Read("NENÍ SKLADEM"), "out_of_stock cs 'není skladem'");
  EXPECT_EQ(Read("Нет в наличии"), "out_of_stock ru 'нет в наличии'");
  EXPECT_EQ(FoldStockText("  Ąę\u00a0ŁÓDŹ  Ÿ "), "ąę łódź ÿ");
}

TEST(StockPhrasesTest, NegationsAreOutOfStockNeverInStock) {
  EXPECT_EQ(Read("Not available"), "out_of_stock en 'not available'");
  EXPECT_EQ(Read("Not in stock"), "out_of_stock en 'not in stock'");
  EXPECT_EQ(Read("Nicht verfügbar"), "out_of_stock de 'nicht verfügbar'");
  EXPECT_EQ(Read("Derzeit nicht auf Lager"), "out_of_stock de 'nicht auf lager'");
  EXPECT_EQ(Read("Nicht mehr auf Lager"), "out_of_stock de 'nicht mehr auf lager'");
  EXPECT_EQ(Read("Ce produit n’est pas en stock"), "out_of_stock fr 'pas en stock'");
  EXPECT_EQ(Read("Il n'est plus disponible"), "out_of_stock fr 'n'est plus disponible'");
  EXPECT_EQ(Read("No disponible"), "out_of_stock es 'no disponible'");
  EXPECT_EQ(Read("Non disponibile"), "out_of_stock it 'non disponibile'");
  EXPECT_EQ(Read("Niet op voorraad"), "out_of_stock nl 'niet op voorraad'");
  EXPECT_EQ(Read("Não disponível"), "out_of_stock pt 'não disponível'");
  EXPECT_EQ(Read("Brak w magazynie"), "out_of_stock pl 'brak w magazynie'");
  EXPECT_EQ(Read("Produkt nie jest dostępny"), "out_of_stock pl 'nie jest dostępny'");
  EXPECT_EQ(Read("Ej i lager"), "out_of_stock sv 'ej i lager'");
  EXPECT_EQ(Read("Ikke på lager"), "out_of_stock da 'ikke på lager'");
  EXPECT_EQ(Read("Není skladem"), "out_of_stock cs 'není skladem'");
  EXPECT_EQ(Read("在庫なし"), "out_of_stock ja '在庫なし'");
  EXPECT_EQ(Read("在庫がありません"), "out_of_stock ja '在庫がありません'");
}

TEST(StockPhrasesTest, NegationEndsAtTheClauseAndAtNumbers) {
  // A negation in another clause, or before an item number, negates nothing.
  EXPECT_EQ(Read("Not sold in stores. In stock online"), "in_stock en 'in stock'");
  EXPECT_EQ(Read("Item no 5 in stock"), "in_stock en 'in stock'");
  EXPECT_EQ(Read("Non-stick pan in stock"), "in_stock en 'in stock'");
  EXPECT_EQ(Read("Plus de 10 en stock"), "in_stock fr 'en stock'");
}

TEST(StockPhrasesTest, OnlyNLeftIsInStock) {
  EXPECT_EQ(Read("Only 3 left in stock - order soon."), "in_stock en 'only 3 left in stock'");
  EXPECT_EQ(Read("Nur noch 3 auf Lager"), "in_stock de 'nur noch 3 auf lager'");
  EXPECT_EQ(Read("Plus que 2 en stock"), "in_stock fr 'plus que 2 en stock'");
  EXPECT_EQ(Read("¡Solo quedan 4!"), "in_stock es 'solo quedan 4'");
  EXPECT_EQ(Read("Ultimi 2 pezzi"), "in_stock it 'ultimi 2 pezzi'");
  EXPECT_EQ(Read("Nog 1 op voorraad"), "in_stock nl 'nog 1 op voorraad'");
  EXPECT_EQ(Read("Apenas 2 em estoque"), "in_stock pt 'apenas 2 em estoque'");
  EXPECT_EQ(Read("Ostatnie 3 sztuki"), "in_stock pl 'ostatnie 3 sztuki'");
  EXPECT_EQ(Read("Endast 2 kvar"), "in_stock sv 'endast 2 kvar'");
  EXPECT_EQ(Read("Kun 2 tilbage"), "in_stock da 'kun 2 tilbage'");
  EXPECT_EQ(Read("Poslední 2 kusy"), "in_stock cs 'poslední 2 kusy'");
  EXPECT_EQ(Read("残りわずか"), "in_stock ja '残りわずか'");
  EXPECT_EQ(Read("残り3点"), "in_stock ja '残り3点'");
  EXPECT_EQ(Read("残り３点"), "in_stock ja '残り３点'");  // full-width digit
  EXPECT_EQ(Read("Only a few"), "unknown  ''");
}

TEST(StockPhrasesTest, WordsMatchWholeNotInsideOthers) {
  EXPECT_EQ(Read("Unavailable"), "out_of_stock en 'unavailable'");
  EXPECT_EQ(Read("Instockings sale"), "unknown  ''");
  EXPECT_EQ(Read("Verfügbarkeit: 3-5 Tage"), "unknown  ''");
  EXPECT_EQ(Read("Mister Skladem"), "in_stock cs 'skladem'");
  EXPECT_EQ(Read(""), "unknown  ''");
  EXPECT_EQ(Read("Free shipping over $50"), "unknown  ''");
}

TEST(StockPhrasesTest, OutOfStockBeatsPreorderBeatsInStock) {
  EXPECT_EQ(Read("In stock online, sold out in stores"), "out_of_stock en 'sold out'");
  EXPECT_EQ(Read("Pre-order: in stock on 3 March"), "preorder en 'pre-order'");
}

TEST(StockPhrasesTest, HostPhrasesComeFirst) {
  const std::vector<std::string> in = {"Ready in our warehouse"};
  const std::vector<std::string> out = {"Vergriffen beim Verlag", "Gone"};
  const StockTextOverrides overrides{in, out};
  EXPECT_EQ(Read("READY in our warehouse", overrides), "in_stock host 'ready in our warehouse'");
  EXPECT_EQ(Read("Vergriffen beim Verlag", overrides),
            "out_of_stock host 'vergriffen beim verlag'");
  // The host's out-of-stock phrase beats the table's in-stock one beside it.
  EXPECT_EQ(Read("Gone - in stock next week", overrides), "out_of_stock host 'gone'");
  // A negated host in-stock phrase is left to the table.
  EXPECT_EQ(Read("Not ready in our warehouse", overrides), "unknown  ''");
  // Without a host phrase, the table decides.
  EXPECT_EQ(Read("Auf Lager", overrides), "in_stock de 'auf lager'");
  const std::vector<std::string> single = {"lieferbar"};
  EXPECT_EQ(Read("Nicht lieferbar", {single, {}}), "out_of_stock de 'nicht lieferbar'");
}

TEST(StockPhrasesTest, LongAndHostileTextIsBounded) {
  std::string text(100000, 'a');
  text += " out of stock";
  EXPECT_EQ(MatchStockPhrase(text).availability, Availability::kUnknown);
  EXPECT_EQ(Read("\xff\xfe in stock \xc3"), "in_stock en 'in stock'");
}

TEST(StockPhrasesTest, ParseAvailabilityReadsFreeTextWithTheTable) {
  EXPECT_EQ(ParseAvailability("https://schema.org/BackOrder"), Availability::kPreorder);
  EXPECT_EQ(ParseAvailability("Auf Lager"), Availability::kInStock);
  EXPECT_EQ(ParseAvailability("En stock"), Availability::kInStock);
  EXPECT_EQ(ParseAvailability("Nicht auf Lager"), Availability::kOutOfStock);
  EXPECT_EQ(ParseAvailability("Esgotado"), Availability::kOutOfStock);
  EXPECT_EQ(ParseAvailability("在庫あり"), Availability::kInStock);
  EXPECT_EQ(ParseAvailability("OutOfStock_Online"), Availability::kOutOfStock);
}

// ---- the visible-text extractor's stock messages ----

ExtractedFields Page(const std::string& body, const StockTextOverrides& overrides = {}) {
  const HtmlDocument doc("<html><body><div class=product><h1>Garden bench</h1>" + body +
                         "</div></body></html>");
  return ExtractVisibleText(doc, {}, overrides);
}

TEST(StockPhrasesTest, VisibleTextNotesThePhraseThatDecided) {
  ExtractedFields f = Page("<p class=stock>Nur noch 3 auf Lager</p>");
  EXPECT_EQ(f.availability, Availability::kInStock);
  EXPECT_EQ(f.availability_note, "text 'nur noch 3 auf lager' (de) line 1");
  f = Page("\n<p>\nNon disponibile</p><button>Aggiungi al carrello</button>");
  EXPECT_EQ(f.availability, Availability::kInStock);  // a sold-out variant beside a buy button
  EXPECT_EQ(f.availability_note, "text buy button line 3");
  f = Page("<p>Non disponibile</p>");
  EXPECT_EQ(f.availability, Availability::kOutOfStock);
  EXPECT_EQ(f.availability_note, "text 'non disponibile' (it) line 1");
  f = Page("<button>Vorbestellen</button>");
  EXPECT_EQ(f.availability, Availability::kPreorder);
  EXPECT_EQ(f.availability_note, "text 'vorbestellen' (de) line 1");
  f = Page("<p>Pre-order: ships on 3 March</p>");
  EXPECT_EQ(f.availability, Availability::kPreorder);
  // A preorder word inside a sentence (a review's title) states nothing.
  f = Page("<p>Pre order horrendously late, but item perfect</p>");
  EXPECT_EQ(f.availability, Availability::kUnknown);
}

TEST(StockPhrasesTest, VisibleTextUsesHostPhrases) {
  const std::vector<std::string> in = {"Ships from our depot"};
  const std::vector<std::string> out = {"Waiting for the next batch"};
  ExtractedFields f = Page("<p>Ships from our depot</p>", {in, out});
  EXPECT_EQ(f.availability, Availability::kInStock);
  EXPECT_EQ(f.availability_note, "text per-host in_stock_text 'ships from our depot' line 1");
  f = Page("<p>In stock</p><p>Waiting for the next batch</p>", {in, out});
  EXPECT_EQ(f.availability, Availability::kOutOfStock);
  EXPECT_EQ(f.availability_note,
            "text per-host out_of_stock_text 'waiting for the next batch' line 1");
}

TEST(StockPhrasesTest, VisibleTextWithoutStockWordsStaysUnknown) {
  ExtractedFields f = Page("<p>A bench for two, made of oak.</p>");
  EXPECT_EQ(f.availability, Availability::kUnknown);
  EXPECT_EQ(f.availability_note, "");
  f = Page("<p>Notify me when back in stock</p>");
  EXPECT_EQ(f.availability, Availability::kUnknown);
}

}  // namespace
}  // namespace pricecrawl::crawler
