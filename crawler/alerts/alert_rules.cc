#include "crawler/alerts/alert_rules.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "crawler/base/text.h"

namespace pricecrawl::crawler {
namespace {

// A non-negative decimal as an integer coefficient (ASCII digits) and a scale.
struct Scaled {
  std::string digits;
  int scale = 0;
};

Scaled ToScaled(const Decimal& value) {
  const std::string text = value.ToString();
  Scaled scaled;
  bool after_point = false;
  for (char c : text) {
    if (c == '.') {
      after_point = true;
    } else if (IsAsciiDigit(c)) {
      scaled.digits.push_back(c);
      scaled.scale += after_point ? 1 : 0;
    }
  }
  return scaled;
}

std::string StripZeros(const std::string& digits) {
  const std::size_t first = digits.find_first_not_of('0');
  return first == std::string::npos ? "0" : digits.substr(first);
}

// Schoolbook product of two unsigned digit strings (at most a few dozen digits each).
std::string Multiply(const std::string& a, const std::string& b) {
  std::vector<int> sum(a.size() + b.size(), 0);
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      sum[i + j + 1] += (a[i] - '0') * (b[j] - '0');
    }
  }
  for (std::size_t k = sum.size(); k-- > 1;) {
    sum[k - 1] += sum[k] / 10;
    sum[k] %= 10;
  }
  std::string out;
  for (int d : sum) {
    out.push_back(static_cast<char>('0' + d));
  }
  return StripZeros(out);
}

std::string Add(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry != 0; ++i) {
    int d = carry;
    d += i < a.size() ? a[a.size() - 1 - i] - '0' : 0;
    d += i < b.size() ? b[b.size() - 1 - i] - '0' : 0;
    out.push_back(static_cast<char>('0' + d % 10));
    carry = d / 10;
  }
  std::reverse(out.begin(), out.end());
  return StripZeros(out);
}

int Compare(const std::string& a_in, const std::string& b_in) {
  const std::string a = StripZeros(a_in);
  const std::string b = StripZeros(b_in);
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

std::string Shift(std::string digits, int places) {
  digits.append(static_cast<std::size_t>(places), '0');
  return digits;
}

RaisedAlert MakeAlert(AlertKind kind, const std::optional<Decimal>& old_price,
                      const Decimal& new_price) {
  RaisedAlert alert;
  alert.kind = kind;
  alert.old_price = old_price;
  alert.new_price = new_price;
  if (old_price) {
    alert.change_percent = Decimal::PercentChange(*old_price, new_price);
  }
  return alert;
}

}  // namespace

std::string_view AlertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kDrop:
      return "drop";
    case AlertKind::kTarget:
      return "target";
    case AlertKind::kBackInStock:
      return "back_in_stock";
  }
  return "drop";
}

bool DroppedByAtLeast(const Decimal& reference, const Decimal& price, const Decimal& percent) {
  const Decimal zero;
  if (reference <= zero || price < zero || percent < zero || !(price < reference)) {
    return false;
  }
  // reference*100 >= percent*reference + price*100, every term scaled to one common integer
  // scale (R = reference, P = price, D = percent with scales r, p, d):
  //   100 * R * 10^(d+p)  >=  D * R * 10^p  +  100 * P * 10^(r+d)
  const Scaled r = ToScaled(reference);
  const Scaled p = ToScaled(price);
  const Scaled d = ToScaled(percent);
  const std::string left = Shift(r.digits, 2 + d.scale + p.scale);
  const std::string right =
      Add(Shift(Multiply(d.digits, r.digits), p.scale), Shift(p.digits, 2 + r.scale + d.scale));
  return Compare(left, right) >= 0;
}

AlertDecision DecideAlerts(const AlertState& state, const AlertObservation& observation,
                           const AlertRules& rules) {
  AlertDecision decision;
  AlertState& next = decision.next;
  next = state;
  const Decimal& price = observation.price;

  // drop: against the highest price since the last drop alert, in the same currency.
  const bool comparable =
      state.seen && state.reference_price && state.reference_currency == observation.currency;
  if (comparable && DroppedByAtLeast(*state.reference_price, price, rules.drop_percent)) {
    decision.alerts.push_back(MakeAlert(AlertKind::kDrop, state.reference_price, price));
    next.reference_price = price;  // the next drop is measured from here
  } else if (!comparable || price > *state.reference_price) {
    next.reference_price = price;
  }
  next.reference_currency = observation.currency;

  // target: armed until it fires; re-armed above the target or when the target changes.
  if (rules.target) {
    if (!state.armed_for_target || *state.armed_for_target != *rules.target) {
      next.target_armed = true;
      next.armed_for_target = rules.target;
    }
    if (price <= *rules.target) {
      if (next.target_armed) {
        decision.alerts.push_back(
            MakeAlert(AlertKind::kTarget, state.seen ? state.last_price : std::nullopt, price));
        next.target_armed = false;
      }
    } else {
      next.target_armed = true;
    }
  } else {
    next.target_armed = true;
    next.armed_for_target.reset();
  }

  // back_in_stock: the last known availability was out of stock.
  if (state.seen && state.last_availability == Availability::kOutOfStock &&
      observation.availability == Availability::kInStock) {
    decision.alerts.push_back(MakeAlert(AlertKind::kBackInStock, state.last_price, price));
  }
  if (observation.availability != Availability::kUnknown) {
    next.last_availability = observation.availability;
  }

  next.seen = true;
  next.last_price = price;
  next.last_currency = observation.currency;
  return decision;
}

}  // namespace pricecrawl::crawler
