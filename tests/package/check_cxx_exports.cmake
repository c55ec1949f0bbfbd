# Fails when the shared C++ library exports internals: functions or objects of
# northstar::...::detail other than the allowed ones (the error helpers that
# public inline and template code calls), or of Eigen, Boost, LBFGS++ or
# nlohmann/json. Exceptions, by design of the code that emits them:
# - run-time type information of Boost's exception types (boost::wrapexcept<E>,
#   boost::exception, boost::exception_detail::clone_base): Boost declares them
#   BOOST_SYMBOL_VISIBLE so that exceptions can be caught across libraries
#   (and, in unoptimised builds, boost::exception's destructor, an inline member
#   of that visible class emitted out of line);
# - vague-linkage std:: template instantiations (e.g. the RTTI of a
#   std::thread state holding a northstar lambda): libstdc++ gives namespace std
#   default visibility. Callers cannot name either.
# Usage: cmake -DNM=<nm> -DLIB=<libnorthstar.so> -P check_cxx_exports.cmake
execute_process(COMMAND ${NM} -DC --defined-only ${LIB} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "${NM} -DC --defined-only ${LIB} failed: ${rc}")
endif()
string(REPLACE "\n" ";" lines "${out}")
# Must stay exported: called from inline/template code in public headers (core/error.hpp).
set(allowed_detail "northstar::v0::detail::fail\\(" "northstar::v0::detail::fail_element\\("
                   "northstar::v0::detail::format_value\\[abi:cxx11\\]\\(")
set(bad "")
set(public 0)
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^[0-9a-fA-F]* *[A-Za-z] (.+)$")
    continue()
  endif()
  set(sym "${CMAKE_MATCH_1}")
  # The entity a symbol belongs to (RTTI, vtables and guards name their class or object).
  set(rtti FALSE)
  set(entity "${sym}")
  if(sym MATCHES "^(typeinfo for |typeinfo name for |vtable for |VTT for |construction vtable for )(.*)$")
    set(rtti TRUE)
    set(entity "${CMAKE_MATCH_2}")
  elseif(sym MATCHES "^guard variable for (.*)$")
    set(entity "${CMAKE_MATCH_1}")
  endif()
  if(entity MATCHES "^northstar::v0::([a-z_]+::)*detail::")
    set(ok FALSE)
    foreach(a IN LISTS allowed_detail)
      if(entity MATCHES "^${a}")
        set(ok TRUE)
      endif()
    endforeach()
    if(NOT ok)
      list(APPEND bad "${sym}")
    endif()
  elseif(entity MATCHES "^(Eigen|LBFGSpp|nlohmann)::")
    list(APPEND bad "${sym}")
  elseif(entity MATCHES "^boost::")
    if(NOT (rtti AND entity MATCHES "^boost::(wrapexcept<|exception$|exception_detail::clone_base$)")
       AND NOT entity MATCHES "^boost::exception::~exception\\(\\)$")
      list(APPEND bad "${sym}")
    endif()
  elseif(entity MATCHES "^northstar::v0::(clv|okr)::")
    math(EXPR public "${public} + 1")
  endif()
endforeach()
if(bad)
  list(LENGTH bad nbad)
  string(REPLACE ";" "\n  " shown "${bad}")
  message(FATAL_ERROR "${LIB} exports ${nbad} internal symbol(s):\n  ${shown}")
endif()
if(public LESS 50)
  message(FATAL_ERROR "${LIB} exports only ${public} northstar::clv/okr symbols: the public API is missing")
endif()
message(STATUS "${LIB}: ${public} public northstar symbols, no detail/Eigen/Boost/LBFGS++/nlohmann internals")
