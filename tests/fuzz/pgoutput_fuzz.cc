// Fuzzes what the PostgreSQL change stream decodes from the server: the
// replication frames, pgoutput messages, and text values turned into the
// binary wire form (PgTextToWire, then rendered back with PgValueText).
//
// The first byte picks what the rest is: 0 a replication frame, 1 a pgoutput
// message, anything else a text value of wire type (byte - 2) mod the number
// of wire types.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "source/postgres/pg_text_wire.h"
#include "source/postgres/pgoutput_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    if (data[0] == 0) {
      strata::PgReplicationFrame f = strata::DecodeReplicationFrame(bytes);
      if (f.kind == 'w') strata::DecodePgOutput(f.data);
    } else if (data[0] == 1) {
      strata::DecodePgOutput(bytes);
    } else {
      constexpr int kWires = static_cast<int>(strata::PgWire::kUuid) + 1;
      auto wire = static_cast<strata::PgWire>((data[0] - 2) % kWires);
      strata::PgValueText(wire, strata::PgTextToWire(wire, bytes));
    }
  } catch (const strata::Error&) {
  }
  return 0;
}
