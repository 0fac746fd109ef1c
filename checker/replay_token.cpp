#include "checker/replay_token.hpp"

#include <fmt/format.h>

namespace kmc {

namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kPrefix = "K1.";
// K2: a K1 schedule followed by the fingerprint of what it was made from (replay_token.hpp).
constexpr std::string_view kPrefix2 = "K2.";

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view in, std::size_t& pos, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= in.size()) return false;
    const auto byte = static_cast<unsigned char>(in[pos++]);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

std::uint32_t checksum(std::string_view bytes) {
  std::uint32_t h = 2166136261u;
  for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

std::string to_base64(std::string_view bytes) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : bytes) {
    acc = (acc << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  return out;
}

bool from_base64(std::string_view text, std::string& out) {
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const auto pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return true;
}
}  // namespace

Schedule schedule_of(const Trace& trace) {
  Schedule s;
  s.threads.reserve(trace.events.size());
  for (const Event& e : trace.events) {
    s.threads.push_back(e.thread);
    if (e.pick >= 0) s.values.push_back(static_cast<std::uint32_t>(e.pick));
  }
  return s;
}

std::string encode_token(const Schedule& schedule, std::string_view fingerprint) {
  std::string bytes;
  put_varint(bytes, schedule.threads.size());
  for (std::size_t i = 0; i < schedule.threads.size();) {
    std::size_t run = 1;
    while (i + run < schedule.threads.size() && schedule.threads[i + run] == schedule.threads[i])
      ++run;
    put_varint(bytes, schedule.threads[i]);
    put_varint(bytes, run);
    i += run;
  }
  put_varint(bytes, schedule.values.size());
  for (std::uint32_t v : schedule.values) put_varint(bytes, v);
  if (fingerprint.empty()) return token_of_bytes(bytes);
  const std::string fp = fmt::format("{}-e{}", fingerprint, kScheduleVersion);
  return fmt::format("{}{}.{}.{:08x}", kPrefix2, to_base64(bytes), fp, checksum(bytes + "." + fp));
}

std::string token_of_bytes(std::string_view bytes) {
  return fmt::format("{}{}.{:08x}", kPrefix, to_base64(bytes), checksum(bytes));
}

std::optional<Schedule> decode_token(std::string_view token, std::string& error,
                                     std::string* fingerprint) {
  const bool v2 = token.substr(0, kPrefix2.size()) == kPrefix2;
  if (!v2 && token.substr(0, kPrefix.size()) != kPrefix) {
    error = "a replay token starts with 'K1.' or 'K2.'";
    return std::nullopt;
  }
  token.remove_prefix(kPrefix.size());
  const auto dot = token.rfind('.');
  if (dot == std::string_view::npos || token.size() - dot - 1 != 8) {
    error = "a replay token ends with '.' and an 8-digit checksum";
    return std::nullopt;
  }
  std::string_view body = token.substr(0, dot);
  std::string fp;
  if (v2) {
    const auto fp_dot = body.rfind('.');
    if (fp_dot == std::string_view::npos) {
      error = "a K2 replay token has a fingerprint before its checksum";
      return std::nullopt;
    }
    fp = std::string(body.substr(fp_dot + 1));
    body = body.substr(0, fp_dot);
  }
  std::string bytes;
  if (!from_base64(body, bytes)) {
    error = "the replay token has a character outside A-Z a-z 0-9 - _";
    return std::nullopt;
  }
  if (fmt::format("{:08x}", checksum(v2 ? bytes + "." + fp : bytes)) != token.substr(dot + 1)) {
    error = "the replay token's checksum does not match (was it copied whole?)";
    return std::nullopt;
  }
  if (fingerprint != nullptr) *fingerprint = fp;
  Schedule s;
  std::size_t pos = 0;
  std::uint64_t events = 0;
  if (!get_varint(bytes, pos, events) || events > (1u << 26)) {
    error = "the replay token is damaged (event count)";
    return std::nullopt;
  }
  while (s.threads.size() < events) {
    std::uint64_t thread = 0;
    std::uint64_t run = 0;
    if (!get_varint(bytes, pos, thread) || !get_varint(bytes, pos, run) || thread >= kMaxThreads ||
        run == 0 || run > events - s.threads.size()) {  // not size + run: it can wrap
      error = "the replay token is damaged (schedule)";
      return std::nullopt;
    }
    s.threads.insert(s.threads.end(), run, static_cast<ThreadId>(thread));
  }
  std::uint64_t values = 0;
  if (!get_varint(bytes, pos, values) || values > events) {
    error = "the replay token is damaged (choices)";
    return std::nullopt;
  }
  for (std::uint64_t i = 0; i < values; ++i) {
    std::uint64_t v = 0;
    if (!get_varint(bytes, pos, v) || v > 0xffffffffu) {
      error = "the replay token is damaged (choice value)";
      return std::nullopt;
    }
    s.values.push_back(static_cast<std::uint32_t>(v));
  }
  if (pos != bytes.size()) {
    error = "the replay token has trailing data";
    return std::nullopt;
  }
  return s;
}

}  // namespace kmc
