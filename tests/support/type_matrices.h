#pragma once
// The type matrices the type tests (mysql_types_test.cc,
// postgres_types_test.cc) and the verify tests share: one table per source
// holding every type of its type map at its edge values. Each test adds the
// rows of its own concern.

namespace strata::test {

// MariaDB's app.types: every type of the MySQL type map.
inline constexpr char kMysqlTypeMatrixTable[] =
    "CREATE TABLE app.types (id int PRIMARY KEY, ti tinyint, tiu tinyint unsigned, si smallint,"
    " siu smallint unsigned, mi mediumint, miu mediumint unsigned, i int, iu int unsigned,"
    " bi bigint, biu bigint unsigned, b1 bit(1), b10 bit(10), b64 bit(64), bo bool, f float,"
    " d double, dec65 decimal(65,30), dec38 decimal(38,10), dec5 decimal(5,2) unsigned, dt date,"
    " dtm datetime, dtm6 datetime(6), ts timestamp(6) NULL, tm time, tm6 time(6), y year,"
    " c char(10), vc varchar(100), tx text, bin binary(4), vb varbinary(10), bl blob,"
    " e enum('a','b','c'), st set('x','y','z'), j json)";

// Rows of MariaDB's app.types (mysql_types_test.cc builds the table from its
// column list; verify_mysql_test.cc spells it out). Several statements.
inline constexpr char kMysqlTypeMatrixRows[] =
    "INSERT INTO types VALUES (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0,"
    " -9223372036854775808, 0, b'0', b'0000000000', 0, 0, -3.40282e38, -1.7976931348623157e308,"
    " -99999999999999999999999999999999999.999999999999999999999999999999,"
    " -9999999999999999999999999999.9999999999, 0, '1000-01-01', '1000-01-01 00:00:00',"
    " '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01', '-838:59:59', '-838:59:59.000000',"
    " 1901, '', '', '', x'00000000', x'00', x'', 'a', '', '[]');"
    "INSERT INTO types VALUES (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647,"
    " 4294967295, 9223372036854775807, 18446744073709551615, b'1', b'1111111111',"
    " x'FFFFFFFFFFFFFFFF', 1, 3.40282e38, 1.7976931348623157e308,"
    " 99999999999999999999999999999999999.999999999999999999999999999999,"
    " 9999999999999999999999999999.9999999999, 999.99, '9999-12-31', '9999-12-31 23:59:59',"
    " '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '838:59:59',"
    " '838:59:59.999999', 2155, 'zzz', '😀🎉 ünïcødé 𝄞', 'line1\\nline2, \"quoted\"',"
    " x'FFFFFFFF', x'00FF00', x'0001020300FF', 'c', 'x,y,z',"
    " '{\"a\": [1, 2.5, \"😀\"], \"b\": null}');"
    "SET time_zone = '+08:00';"  // TIMESTAMP is stored as UTC: 08:00 at +08:00 is 00:00 UTC
    "INSERT INTO types VALUES (3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, b'1', b'0000000101', 5, 1,"
    " 0.1, 0.1, 0.000000000000000000000000000001, -0.0000000001, 0.5, '2016-11-14',"
    " '2016-11-14 10:00:00', '2016-11-14 10:00:00.000001', '2024-01-01 08:00:00.5',"
    " '-00:00:01', '-00:00:01.500000', 0, 'a,b', 'it''s \"q\"', 'tab\\there', 'ab', x'000000',"
    " x'00', 'b', 'y', '\"str\"');"
    "SET time_zone = '+00:00';"
    "INSERT INTO types (id) VALUES (4);"
    "INSERT INTO types (id, f, d, dec65) VALUES (5, 16777217, 4.9e-324, 1e-30),"
    " (6, 1.17549e-38, 2.2250738585072014e-308, -1), (7, 1.4e-45, 123456789.125, 0);";

// PostgreSQL's enum, domain and table `matrix`, and its rows that fit the
// warehouse. Several statements.
inline constexpr char kPgTypeMatrix[] = R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN money2 AS numeric(10,2);
CREATE TABLE matrix (
  id int PRIMARY KEY,
  i2 smallint, i4 integer, i8 bigint,
  n_p numeric(38,30), n_12_4 numeric(12,4), n_free numeric, n_wide numeric(50,10),
  f4 real, f8 double precision, b boolean,
  t text, vc varchar(20), ch char(5), raw bytea,
  d date, ts timestamp, tstz timestamptz, tm time, tmtz timetz, iv interval,
  u uuid, j json, jb jsonb, ai int[], ta text[], m mood, ip inet, net cidr, dm money2);
INSERT INTO matrix VALUES
 (1, -32768, -2147483648, -9223372036854775808,
  0.000000000000000000000000000001, -99999999.9999, 'NaN',
  1234567890123456789012345678901234567890.1234567890,
  'NaN', '-Infinity', false, 'emoji 😀 and 中文', '', 'ab', '\x00ff00',
  '0001-01-01', '1900-01-01 00:00:00.000001', '1969-07-20 20:17:40.5+00',
  '00:00:00', '23:59:59.999999-12', '-1 year +2 mons -3 days 04:05:06.789',
  '00000000-0000-0000-0000-000000000000', '{"a": [1, 2.50]}', '{"b": 1, "a": null}',
  '{1,2,NULL}', '{"x,y",NULL,"q\"uote"}', 'sad', '::1', '10.0.0.0/8', -12345678.90),
 (2, 32767, 2147483647, 9223372036854775807,
  -99999999.999999999999999999999999999999, 99999999.9999, 'Infinity', -0.0000000001,
  'Infinity', 'NaN', true, E'line1\nline2 "quoted", comma', 'Zoë', 'abcde', '\x',
  '9999-12-31', '9999-12-31 23:59:59.999999', '2016-11-14 10:00:00.123456+08',
  '24:00:00', '00:00:00+14', '0',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '[]', '[1, "two", {"3": 4.0}]',
  '{{1,2},{3,4}}', '{}', 'happy', '192.168.0.1/24', '2001:db8::/32', 99999999.99),
 (3, 0, 0, 0, 0, 0.0001, 123.4500, 0,
  3.4028235e38, 2.2250738585072014e-308, true, 'plain', 'x', 'a b', '\x414243',
  '1969-12-31', '1969-12-31 23:59:59.999999', '1900-01-01 00:00:00+05:30',
  '12:34:56.789', '12:34:56+05:30', '1 day 00:00:00.000001',
  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '"str"', '3.14',
  '{}', '{"",a}', 'ok', '2001:db8::1', '192.168.0.0/16', 0),
 (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (5, 1, -1, -1, -0.5, -0.5, -0.00000000000000000001,
  9999999999999999999999999999999999999999.9999999999,
  -1.17549435e-38, 1e300, false, '', ' ', '', '\x00',
  '2000-02-29', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00',
  '23:59:59.999999', '00:00:00-00:30', 'P1Y2M3DT4H5M6S',
  'ffffffff-ffff-ffff-ffff-ffffffffffff', 'null', '{}',
  '{-2147483648,2147483647}', '{NULL}', 'sad', '0.0.0.0/0', '0.0.0.0/0', -0.01);
)sql";

}  // namespace strata::test
