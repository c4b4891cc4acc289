#include "source/postgres/pg_change_row.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "source/postgres/pg_text_wire.h"

namespace strata {

PgChangeRow::PgChangeRow(std::vector<PgColumn> columns, PgConnection& renderer,
                         std::string table_name)
    : columns_(std::move(columns)), renderer_(renderer), table_name_(std::move(table_name)) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].select == PgSelect::kAsIs) continue;
    if (columns_[i].select == PgSelect::kText && TextCastIsOutput(columns_[i])) continue;
    // cast_type comes from format_type(): a correctly quoted type name.
    std::string param =
        "$" + std::to_string(rendered_.size() + 1) + "::" + columns_[i].type.cast_type;
    render_sql_ +=
        (rendered_.empty() ? "SELECT " : ", ") + PgSelectExpression(columns_[i], "(" + param + ")");
    rendered_.push_back(i);
  }
}

bool PgChangeRow::TextCastIsOutput(const PgColumn& column) {
  // No pg_cast row to text means an I/O conversion cast; castmethod 'i' says so.
  PgResult r = renderer_.ExecParams(
      "SELECT castmethod FROM pg_cast WHERE castsource = $1::oid AND casttarget = 'text'::regtype",
      {std::to_string(column.type.base_oid)}, "looking up the text cast of " + column.name);
  return r.rows() == 0 || r.Text(0, 0) == "i";
}

const PgTupleValue& PgChangeRow::Resolve(const PgTuple& tuple, const PgTuple* old, size_t i) const {
  if (tuple[i].kind != 'u') return tuple[i];
  if (old && old->size() == tuple.size() && (*old)[i].kind == 't') return (*old)[i];
  throw Error("column '" + columns_[i].name +
              "': the change log did not carry its unchanged (TOASTed) value; set "
              "ALTER TABLE " +
              table_name_ + " REPLICA IDENTITY FULL");
}

std::vector<std::string> PgChangeRow::Render(const std::vector<const PgTupleValue*>& values) {
  std::vector<std::string> out(columns_.size());
  std::vector<std::string> texts;
  std::vector<const char*> params;
  bool any = false;
  texts.reserve(rendered_.size());
  for (size_t i : rendered_) {
    const PgTupleValue* v = values[i];
    texts.emplace_back(v->bytes);
    params.push_back(v->kind == 'n' ? nullptr : texts.back().c_str());
    any = any || v->kind != 'n';
  }
  if (!any) return out;
  PgResult r(PQexecParams(renderer_.raw(), render_sql_.c_str(), static_cast<int>(params.size()),
                          nullptr, params.data(), nullptr, nullptr, 0));
  if (r.status() != PGRES_TUPLES_OK)
    renderer_.Fail("rendering a changed row of table " + table_name_, r.get());
  for (size_t k = 0; k < rendered_.size(); ++k)
    if (!r.IsNull(0, static_cast<int>(k))) out[rendered_[k]] = r.Text(0, static_cast<int>(k));
  return out;
}

void PgChangeRow::Deliver(const PgTuple& tuple, const PgTuple* old, ValueSink& sink) {
  if (tuple.size() != columns_.size())
    throw Error("a changed row has " + std::to_string(tuple.size()) + " columns, the table " +
                std::to_string(columns_.size()));
  std::vector<const PgTupleValue*> values;
  for (size_t i = 0; i < tuple.size(); ++i) values.push_back(&Resolve(tuple, old, i));
  std::vector<std::string> rendered =
      rendered_.empty() ? std::vector<std::string>() : Render(values);
  for (size_t i = 0; i < columns_.size(); ++i) {
    int col = static_cast<int>(i);
    const PgTupleValue& v = *values[i];
    if (v.kind == 'n') {
      sink.Null(col);
    } else if (v.kind != 't') {
      throw Error("column '" + columns_[i].name +
                  "': the change log sent a value in binary form; strata asks for text");
    } else if (std::find(rendered_.begin(), rendered_.end(), i) != rendered_.end()) {
      sink.Text(col, rendered[i]);
    } else if (columns_[i].select != PgSelect::kAsIs) {
      sink.Text(col, v.bytes);  // the text cast is the output the log sent
    } else {
      try {
        PgDeliver(columns_[i].wire, PgTextToWire(columns_[i].wire, v.bytes), col, sink, scratch_);
      } catch (const Error& e) {
        throw Error("column '" + columns_[i].name + "': " + e.what());
      }
    }
  }
}

std::string PgChangeRow::Json(const PgTuple& tuple) const {
  nlohmann::json row = nlohmann::json::object();
  for (size_t i = 0; i < columns_.size() && i < tuple.size(); ++i) {
    if (tuple[i].kind == 't')
      row[columns_[i].name] = std::string(tuple[i].bytes);
    else
      row[columns_[i].name] = nullptr;
  }
  return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace strata
