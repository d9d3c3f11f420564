//! Checks the application's API does not offer, run straight on the
//! database a test works on: the SQLite file, or, when the suites run on a
//! server (`LOBBYDESK_TEST_ENGINE=postgresql`), that test's own database on
//! it. The SQL is written once, as for the file; the server reads it as the
//! application's own statements are read (`?1` becomes `$1`).

use lobbydesk::store::sql::{for_server, Arg, Out, Value};

/// A plain connection beside the application's.
pub enum Check {
    Lite(rusqlite::Connection),
    Pg(postgres::Client),
}

/// What one row reads as: one value or a tuple of them.
pub trait Cells: Sized {
    fn lite(r: &rusqlite::Row) -> Self;
    fn pg(r: &postgres::Row) -> Self;
}

macro_rules! one_cell {
    ($($t:ty),*) => {$(
        impl Cells for $t {
            fn lite(r: &rusqlite::Row) -> Self {
                <$t as Out>::lite(r, 0).expect("read a value")
            }
            fn pg(r: &postgres::Row) -> Self {
                <$t as Out>::pg(r, 0).expect("read a value")
            }
        }
    )*};
}
one_cell!(i64, String, Option<i64>, Option<String>, f64, bool);

macro_rules! tuple_cells {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Out),+> Cells for ($($t,)+) {
            fn lite(r: &rusqlite::Row) -> Self {
                ($($t::lite(r, $i).expect("read a value"),)+)
            }
            fn pg(r: &postgres::Row) -> Self {
                ($($t::pg(r, $i).expect("read a value"),)+)
            }
        }
    };
}
tuple_cells!(A 0, B 1);
tuple_cells!(A 0, B 1, C 2);
tuple_cells!(A 0, B 1, C 2, D 3);
tuple_cells!(A 0, B 1, C 2, D 3, E 4);
tuple_cells!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_cells!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_cells!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

impl Check {
    /// Every row of `sql`.
    pub fn all<T: Cells>(&mut self, sql: &str, args: &[&dyn Arg]) -> Vec<T> {
        match self {
            Check::Lite(c) => {
                let mut stmt = c.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
                let params = rusqlite::params_from_iter(args.iter().map(|a| a.lite()));
                let mut rows = stmt.query(params).unwrap_or_else(|e| panic!("{sql}: {e}"));
                let mut out = Vec::new();
                while let Some(r) = rows.next().unwrap() {
                    out.push(T::lite(r));
                }
                out
            }
            Check::Pg(c) => {
                let values = pg_values(args);
                let rows = c
                    .query(&for_server(sql), &refs(&values))
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
                rows.iter().map(T::pg).collect()
            }
        }
    }

    /// The one row of `sql`; panics if there is none.
    pub fn one<T: Cells>(&mut self, sql: &str, args: &[&dyn Arg]) -> T {
        self.opt(sql, args)
            .unwrap_or_else(|| panic!("{sql}: no row"))
    }

    /// The first row of `sql`, if any.
    pub fn opt<T: Cells>(&mut self, sql: &str, args: &[&dyn Arg]) -> Option<T> {
        self.all(sql, args).into_iter().next()
    }

    /// Run `sql`, which changes the database behind the application's back
    /// (a tamperer's or a crash's doing); the number of rows it changed.
    pub fn run(&mut self, sql: &str, args: &[&dyn Arg]) -> u64 {
        match self {
            Check::Lite(c) => {
                let params = rusqlite::params_from_iter(args.iter().map(|a| a.lite()));
                c.execute(sql, params)
                    .unwrap_or_else(|e| panic!("{sql}: {e}")) as u64
            }
            Check::Pg(c) => {
                let values = pg_values(args);
                c.execute(&for_server(sql), &refs(&values))
                    .unwrap_or_else(|e| panic!("{sql}: {e}"))
            }
        }
    }
}

fn pg_values(args: &[&dyn Arg]) -> Vec<Value> {
    args.iter().map(|a| a.pg()).collect()
}

fn refs(values: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    values
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}
