// Every closed-form kernel variant this build and CPU can run (tests compare them).
#pragma once

#include <northstar/clv/closed_form.hpp>

#include <vector>

inline std::vector<northstar::clv::instruction_set> available_isas() {
  namespace clv = northstar::clv;
  std::vector<clv::instruction_set> isas{clv::instruction_set::baseline};
  if (clv::detail::avx2_available()) isas.push_back(clv::instruction_set::avx2);
  if (clv::detail::closed_form_avx512_available()) isas.push_back(clv::instruction_set::avx512);
  return isas;
}
