-- SQLite's forms that the application's shared SQL uses, given to the
-- server with SQLite's meaning, so that one statement serves both engines:
-- the two-argument scalar max and min, and flags added up or maximised as
-- numbers (a comparison is 0 or 1 in SQLite; NULL adds nothing).
CREATE FUNCTION max(a bigint, b bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT greatest(a, b)';
CREATE FUNCTION min(a bigint, b bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT least(a, b)';
CREATE FUNCTION max(a double precision, b double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT greatest(a, b)';
CREATE FUNCTION min(a double precision, b double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT least(a, b)';

CREATE FUNCTION lobbydesk_add_flag(s bigint, v boolean) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT CASE WHEN v IS NULL THEN s ELSE coalesce(s, 0) + CASE WHEN v THEN 1 ELSE 0 END END';
CREATE AGGREGATE sum(boolean) (sfunc = lobbydesk_add_flag, stype = bigint);

CREATE FUNCTION lobbydesk_max_flag(s bigint, v boolean) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT CASE WHEN v IS NULL THEN s ELSE greatest(coalesce(s, 0), CASE WHEN v THEN 1 ELSE 0 END) END';
CREATE AGGREGATE max(boolean) (sfunc = lobbydesk_max_flag, stype = bigint);
