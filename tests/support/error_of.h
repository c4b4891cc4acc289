#pragma once
// ErrorOf: the message of the strata::Error `action` throws, or
// "(no error)" (and a test failure) when it throws none.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/error.h"

namespace strata::test {

inline std::string ErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "(no error)";
}

}  // namespace strata::test
