// expect_assertion: runs a piece of test that provokes an RTL assertion and
// checks that an assertion failed with a message containing the expected
// text, so a test shows that *that* assertion fires, not just any. Verilator
// prints assertion failures on stdout; StdoutCapture collects them.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>

#include "harness.hpp"

namespace tessera::tb {

// Captures what the process writes to stdout while it lives; restores stdout
// even when a check throws.
class StdoutCapture {
 public:
  StdoutCapture() {
    std::fflush(stdout);
    std::cout.flush();
    file_ = mkstemp(path_);
    saved_ = dup(STDOUT_FILENO);
    if (file_ >= 0) dup2(file_, STDOUT_FILENO);
  }
  ~StdoutCapture() {
    restore();
    unlink(path_);
  }
  StdoutCapture(const StdoutCapture&) = delete;
  StdoutCapture& operator=(const StdoutCapture&) = delete;
  std::string text() {
    restore();
    std::ifstream file(path_);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stdout);
    dup2(saved_, STDOUT_FILENO);
    close(saved_);
    close(file_);
    saved_ = -1;
  }
  char path_[32] = "/tmp/tessera_tb_XXXXXX";
  int file_ = -1;
  int saved_ = -1;
};

// Runs `provoke` and checks that an assertion failed with a message that
// contains `expected` (an assertion's name or its message text).
template <class Model, class Provoke>
void expect_assertion(Harness<Model>& h, const std::string& expected, Provoke provoke) {
  std::string text;
  {
    StdoutCapture capture;
    provoke();
    text = capture.text();
  }
  INFO("model printed: " << text);
  CHECK(h.assertion_failed());
  CHECK(text.find(expected) != std::string::npos);
}

}  // namespace tessera::tb
