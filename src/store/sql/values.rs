//! Values going into a statement and coming out of a row, alike on both
//! engines. SQLite has one integer type; the server has several, and gives
//! an aggregate of integers as NUMERIC and a comparison as a boolean: an
//! integer read here takes any of them, as SQLite would give it.

use std::error::Error;

use bytes::BytesMut;
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};

use crate::store::{Result, StoreError};

type Boxed = Box<dyn Error + Sync + Send>;

/// A value a statement takes, on either engine.
pub trait Arg {
    fn lite(&self) -> &dyn rusqlite::ToSql;
    /// The value as the server takes it (an integer fits any integer
    /// column, or a float one).
    fn pg(&self) -> Value;
}

/// One value for the server.
#[derive(Debug)]
pub enum Value {
    Int(Option<i64>),
    Float(Option<f64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn lite(&self) -> &dyn rusqlite::ToSql { self }
            fn pg(&self) -> Value { Value::Int(Some(*self as i64)) }
        }
        impl Arg for Option<$t> {
            fn lite(&self) -> &dyn rusqlite::ToSql { self }
            fn pg(&self) -> Value { Value::Int(self.map(|v| v as i64)) }
        }
    )*};
}
int_arg!(i64, i32, u32, bool);

impl Arg for f64 {
    fn lite(&self) -> &dyn rusqlite::ToSql {
        self
    }
    fn pg(&self) -> Value {
        Value::Float(Some(*self))
    }
}

impl Arg for Option<f64> {
    fn lite(&self) -> &dyn rusqlite::ToSql {
        self
    }
    fn pg(&self) -> Value {
        Value::Float(*self)
    }
}

macro_rules! text_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn lite(&self) -> &dyn rusqlite::ToSql { self }
            fn pg(&self) -> Value { Value::Text(Some(self.to_string())) }
        }
        impl Arg for Option<$t> {
            fn lite(&self) -> &dyn rusqlite::ToSql { self }
            fn pg(&self) -> Value { Value::Text(self.as_ref().map(|v| v.to_string())) }
        }
    )*};
}
text_arg!(String, &str, &String);

impl Arg for Vec<u8> {
    fn lite(&self) -> &dyn rusqlite::ToSql {
        self
    }
    fn pg(&self) -> Value {
        Value::Bytes(Some(self.clone()))
    }
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, Boxed> {
        match self {
            Value::Int(Some(v)) => match *ty {
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Float(Some(v)) => v.to_sql(ty, out),
            Value::Text(Some(v)) => v.to_sql(ty, out),
            Value::Bytes(Some(v)) => v.to_sql(ty, out),
            _ => Ok(IsNull::Yes),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A value a row gives, on either engine.
pub trait Out: Sized {
    fn lite(r: &rusqlite::Row, i: usize) -> Result<Self>;
    fn pg(r: &postgres::Row, i: usize) -> Result<Self>;
}

/// An integer as the server may give it.
struct Int(Option<i64>);

/// A float as the server may give it.
struct Float(Option<f64>);

impl<'a> FromSql<'a> for Int {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Int, Boxed> {
        Ok(Int(Some(match *ty {
            Type::INT2 => i64::from(i16::from_sql(ty, raw)?),
            Type::INT4 => i64::from(i32::from_sql(ty, raw)?),
            Type::BOOL => i64::from(bool::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?.round() as i64,
            _ => i64::from_sql(ty, raw)?,
        })))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Int, Boxed> {
        Ok(Int(None))
    }

    fn accepts(ty: &Type) -> bool {
        [
            Type::INT2,
            Type::INT4,
            Type::INT8,
            Type::BOOL,
            Type::NUMERIC,
        ]
        .contains(ty)
    }
}

impl<'a> FromSql<'a> for Float {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Float, Boxed> {
        Ok(Float(Some(match *ty {
            Type::FLOAT4 => f64::from(f32::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::FLOAT8 => f64::from_sql(ty, raw)?,
            _ => Int::from_sql(ty, raw)?.0.unwrap_or_default() as f64,
        })))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Float, Boxed> {
        Ok(Float(None))
    }

    fn accepts(ty: &Type) -> bool {
        [Type::FLOAT4, Type::FLOAT8].contains(ty) || Int::accepts(ty)
    }
}

/// PostgreSQL's binary NUMERIC: digit count, weight, sign, scale, then
/// base-10000 digits.
fn numeric(raw: &[u8]) -> std::result::Result<f64, Boxed> {
    let word = |i: usize| -> std::result::Result<i16, Boxed> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("a short NUMERIC")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let (digits, weight, sign) = (word(0)?, word(1)?, word(2)? as u16);
    if sign == 0xC000 {
        return Ok(f64::NAN);
    }
    let mut value = 0.0;
    for k in 0..digits.max(0) as usize {
        let exp = i32::from(weight) - k as i32;
        value += f64::from(word(4 + k)?) * 10_000f64.powi(exp);
    }
    Ok(if sign == 0x4000 { -value } else { value })
}

/// A NULL where the statement promises a value, or a number out of range.
fn missing() -> StoreError {
    StoreError::Missing
}

macro_rules! int_out {
    ($($t:ty),*) => {$(
        impl Out for $t {
            fn lite(r: &rusqlite::Row, i: usize) -> Result<Self> { Ok(r.get(i)?) }
            fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
                let v = r.try_get::<_, Int>(i)?.0.ok_or_else(missing)?;
                <$t>::try_from(v).map_err(|_| missing())
            }
        }
        impl Out for Option<$t> {
            fn lite(r: &rusqlite::Row, i: usize) -> Result<Self> { Ok(r.get(i)?) }
            fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
                r.try_get::<_, Int>(i)?.0.map(|v| <$t>::try_from(v).map_err(|_| missing())).transpose()
            }
        }
    )*};
}
int_out!(i64, i32, u32);

impl Out for bool {
    fn lite(r: &rusqlite::Row, i: usize) -> Result<Self> {
        Ok(r.get(i)?)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
        Ok(r.try_get::<_, Int>(i)?.0.ok_or_else(missing)? != 0)
    }
}

impl Out for f64 {
    fn lite(r: &rusqlite::Row, i: usize) -> Result<Self> {
        Ok(r.get(i)?)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
        r.try_get::<_, Float>(i)?.0.ok_or_else(missing)
    }
}

impl Out for Option<f64> {
    fn lite(r: &rusqlite::Row, i: usize) -> Result<Self> {
        Ok(r.get(i)?)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
        Ok(r.try_get::<_, Float>(i)?.0)
    }
}

macro_rules! plain_out {
    ($($t:ty),*) => {$(
        impl Out for $t {
            fn lite(r: &rusqlite::Row, i: usize) -> Result<Self> { Ok(r.get(i)?) }
            fn pg(r: &postgres::Row, i: usize) -> Result<Self> { Ok(r.try_get(i)?) }
        }
    )*};
}
plain_out!(String, Option<String>, Vec<u8>, Option<Vec<u8>>);

/// A row read, from either engine.
pub enum Row<'a> {
    Lite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

impl Row<'_> {
    pub fn get<T: Out>(&self, i: usize) -> Result<T> {
        match self {
            Row::Lite(r) => T::lite(r, i),
            Row::Pg(r) => T::pg(r, i),
        }
    }
}
