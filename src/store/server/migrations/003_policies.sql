-- The staff's privileges: every table granted to lobbydesk_staff only as
-- far as some role's operations need it, and row-level security narrowing
-- each command to the caller's branch and to what the caller's roster roles
-- allow (the functions of 002_security.sql). Each policy names the
-- operations it serves.
--
-- Where the application's rule is finer than a table's rows and columns
-- (a ticket's or card's life cycle, a teller's own counter, a card's
-- line and receiver, an appointment's state), the policy admits every
-- desk that some step of it needs, and the application's authority table
-- keeps the finer rule, as it does on SQLite.

-- Triggers that keep derived rows and columns (001) run as the owner, so
-- a kiosk's ticket counts its client's visit and a teller's card updates
-- its chain without either being granted those tables.
DO $$
DECLARE
    f TEXT;
BEGIN
    FOREACH f IN ARRAY ARRAY['client_visit_add', 'client_visit_move', 'client_visit_remove',
        'client_grams_add', 'client_grams_rename', 'client_grams_visit', 'client_grams_remove',
        'service_minutes_add', 'service_minutes_remove', 'service_minutes_change_out',
        'service_minutes_change_in', 'cards_chain_insert', 'cards_chain_update',
        'cards_chain_delete', 'prospect_grams_prospect', 'prospect_grams_client',
        'prospect_grams_add', 'prospect_grams_remove', 'prospect_grams_reopen',
        'prospects_listed_again'] LOOP
        EXECUTE format('ALTER FUNCTION %I() SECURITY DEFINER SET search_path = public, pg_temp', f);
    END LOOP;
END $$;

GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO lobbydesk_staff;

-- ------------------------------- the roster and the branch settings
--
-- Only the head changes the roster, the settings, the pairs and the
-- targets (staff add/deactivate/reactivate, settings import, pairs set/
-- remove, targets set/remove). On this engine nobody signs in with a PIN,
-- so no other operation writes staff (on SQLite a sign-in writes its own
-- failed tries and lock), and nobody reads the sign-in columns.
GRANT SELECT (branch, code, name, roles, counter, active) ON staff TO lobbydesk_staff;
GRANT INSERT, UPDATE, DELETE ON staff TO lobbydesk_staff;
GRANT SELECT, INSERT, UPDATE, DELETE ON settings, pairs, targets TO lobbydesk_staff;

-- The desks read the whole roster (names, pickers); a kiosk or a display
-- its own entry only (signing in).
CREATE POLICY staff_read ON staff FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch())
       AND ((SELECT lobbydesk_desk()) OR code = (SELECT lobbydesk_staff_code())));

-- Everyone signed in reads the settings (the board and a kiosk too).
CREATE POLICY settings_read ON settings FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_active()));

-- Pairs route cards, targets show on Mine and the Review: the desks'.
CREATE POLICY pairs_read ON pairs FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY targets_read ON targets FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['staff', 'settings', 'pairs', 'targets'] LOOP
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL TO lobbydesk_staff
             USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_is_head()))
             WITH CHECK (branch = (SELECT lobbydesk_staff_branch())
                         AND (SELECT lobbydesk_is_head()))',
            t || '_head_write', t);
    END LOOP;
END $$;

-- ------------------------------------------------------ the event trail
--
-- The desks read their branch's trail (a record's history, what changed
-- since), but a prospect's events only where they may read the prospect;
-- a display reads the calls only (the board's rings and sayings); a kiosk
-- reads none (lobbydesk_chain_head gives it the head to chain to). The
-- desks and the kiosks insert, as themselves (events_chain checks the
-- actor, the kinds, the id and the hash).
GRANT SELECT, INSERT ON events TO lobbydesk_staff;
CREATE POLICY events_read ON events FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch())
       AND ((SELECT lobbydesk_desk())
            AND (record <> 'prospect' OR (SELECT lobbydesk_is_head())
                 OR EXISTS (SELECT 1 FROM prospects p
                            WHERE p.branch = events.branch AND p.id = events.record_id))
            OR (SELECT lobbydesk_display()) AND kind = 'ticket.call'));
CREATE POLICY events_write ON events FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch())
            AND ((SELECT lobbydesk_desk()) OR (SELECT lobbydesk_kiosk())));

-- ------------------------------------------------------------ the queue
--
-- Everyone signed in reads the tickets, the pauses and the usual service
-- times (the lobby, the board, a kiosk's place in the queue). A ticket's
-- client is not theirs: the board's and the kiosk's joins find no client.
-- Tickets are added by whoever serves (walk-ins, check-ins) and by a kiosk
-- (a waiting walk-in, nothing more); any desk moves one through its life
-- cycle (a line's manager at a desk calls and serves too).
GRANT SELECT, INSERT, UPDATE ON tickets, counter_pauses TO lobbydesk_staff;
GRANT SELECT ON service_minutes TO lobbydesk_staff;
GRANT SELECT, INSERT ON requests TO lobbydesk_staff;

CREATE POLICY tickets_read ON tickets FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_active()));
CREATE POLICY tickets_add ON tickets FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch())
            AND ((SELECT lobbydesk_serves())
                 OR (SELECT lobbydesk_kiosk()) AND status = 'waiting' AND calls = 0
                    AND called_at IS NULL AND started_at IS NULL AND finished_at IS NULL
                    AND counter IS NULL AND teller IS NULL AND call_seq IS NULL
                    AND routed_to IS NULL AND transferred_to IS NULL
                    AND divert_target IS NULL));
CREATE POLICY tickets_work ON tickets FOR UPDATE TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));

CREATE POLICY service_minutes_read ON service_minutes FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_active()));

-- A paused counter is paused and reopened by a desk, in its own name.
CREATE POLICY counter_pauses_read ON counter_pauses FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_active()));
CREATE POLICY counter_pauses_pause ON counter_pauses FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND paused_by = (SELECT lobbydesk_staff_code()));
CREATE POLICY counter_pauses_reopen ON counter_pauses FOR UPDATE TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND reopened_by = (SELECT lobbydesk_staff_code()));

-- A kiosk's request ids (a retried request gets its ticket again), and a
-- walk-in registered at a desk with one.
CREATE POLICY requests_rw ON requests FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch())
       AND ((SELECT lobbydesk_serves()) OR (SELECT lobbydesk_kiosk())))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch())
            AND ((SELECT lobbydesk_serves()) OR (SELECT lobbydesk_kiosk())));

-- ------------------------------------------------------------ the clients
--
-- The desks read, add and edit clients; a kiosk and a display see none (a
-- kiosk finds or adds its walk-in's client through lobbydesk_walkin_client).
-- Who may change which columns: clients_guard below.
GRANT SELECT, INSERT, UPDATE ON clients TO lobbydesk_staff;
GRANT SELECT ON client_grams TO lobbydesk_staff;
CREATE POLICY clients_desk ON clients FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY client_grams_read ON client_grams FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));

-- A client's record (tier, tags, products, dates) and dedicated manager
-- are the head's and the lines' managers' (EditClient, SetClientManager,
-- the head's import); anonymising (the purge) is the head's. Names, mobiles
-- and consent are anyone's at a desk; visits are the triggers'.
CREATE FUNCTION lobbydesk_clients_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF lobbydesk_staff_code() IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF (NEW.manager IS NOT NULL OR NEW.tier <> 'normal' OR NEW.tags <> ''
            OR NEW.products_held IS NOT NULL OR NEW.opened IS NOT NULL
            OR NEW.last_large_deposit IS NOT NULL OR NEW.card_activated IS NOT NULL
            OR NEW.large_deposit_amount IS NOT NULL OR NEW.notes <> '')
           AND NOT lobbydesk_is_head() THEN
            RAISE EXCEPTION 'only the branch head adds a client with a record (an import)'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.manager, NEW.tier, NEW.tags, NEW.products_held, NEW.opened,
        NEW.last_large_deposit, NEW.card_activated, NEW.large_deposit_amount)
       IS DISTINCT FROM
       (OLD.manager, OLD.tier, OLD.tags, OLD.products_held, OLD.opened,
        OLD.last_large_deposit, OLD.card_activated, OLD.large_deposit_amount)
       AND NOT (lobbydesk_is_head() OR lobbydesk_line_manager()) THEN
        RAISE EXCEPTION 'only the branch head or a line''s manager edits a client''s record'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.name IS NULL AND OLD.name IS NOT NULL OR NEW.mobile IS NULL AND OLD.mobile IS NOT NULL
        OR NEW.notes IS DISTINCT FROM OLD.notes)
       AND NOT lobbydesk_is_head() THEN
        RAISE EXCEPTION 'only the branch head anonymises a client'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER clients_guard BEFORE INSERT OR UPDATE ON clients
FOR EACH ROW EXECUTE FUNCTION lobbydesk_clients_guard();

-- ----------------------------------------------------------- the cards
--
-- Any desk reads the cards (the lines' panes, Mine, the sweep, the
-- client's history); a card is made in its maker's name (a flag, a
-- referral on) and moved on by the desks (accept, outcome, sweep, pair
-- routing). Which desk may take which step is the authority table's.
GRANT SELECT, INSERT, UPDATE ON cards TO lobbydesk_staff;
GRANT SELECT, INSERT ON cross_sell_shown, cross_sell_cards TO lobbydesk_staff;
CREATE POLICY cards_read ON cards FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY cards_make ON cards FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND referred_by = (SELECT lobbydesk_staff_code()));
CREATE POLICY cards_work ON cards FOR UPDATE TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY cross_sell_shown_desk ON cross_sell_shown FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY cross_sell_cards_desk ON cross_sell_cards FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));

-- ------------------------------------------------------- the follow-ups
--
-- A prospect is read and worked by its owner, and by the head (all of the
-- branch's): the Follow-ups list of anyone but the head is their own. Only
-- the head gives a prospect to someone else (reassign): nobody else's
-- update may leave it with another owner. A new prospect is the maker's
-- own, or made for someone else where the application does: the head, the
-- lobby manager (the sweep), a line's manager (a dormant client), and any
-- desk for the booker of a missed appointment.
GRANT SELECT, INSERT, UPDATE ON prospects, contacts TO lobbydesk_staff;
GRANT SELECT, DELETE ON prospect_grams TO lobbydesk_staff;
CREATE POLICY prospects_own ON prospects FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
       AND ((SELECT lobbydesk_is_head()) OR owner = (SELECT lobbydesk_staff_code())));
CREATE POLICY prospects_work ON prospects FOR UPDATE TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
       AND ((SELECT lobbydesk_is_head()) OR owner = (SELECT lobbydesk_staff_code())))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND ((SELECT lobbydesk_is_head()) OR owner = (SELECT lobbydesk_staff_code())));
CREATE POLICY prospects_add ON prospects FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND (owner = (SELECT lobbydesk_staff_code())
                 OR (SELECT lobbydesk_runs_queue()) OR (SELECT lobbydesk_line_manager())
                 OR EXISTS (SELECT 1 FROM appointments a
                            WHERE a.branch = prospects.branch
                              AND a.client_id = prospects.client_id
                              AND a.booked_by = prospects.owner AND a.status = 'missed')));

-- A contact is read with its prospect, logged on it by its owner or the
-- head in their own name; only the head's purge rewrites one.
CREATE POLICY contacts_read ON contacts FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
       AND EXISTS (SELECT 1 FROM prospects p
                   WHERE p.branch = contacts.branch AND p.id = contacts.prospect_id));
CREATE POLICY contacts_log ON contacts FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND "by" = (SELECT lobbydesk_staff_code())
            AND EXISTS (SELECT 1 FROM prospects p
                        WHERE p.branch = contacts.branch AND p.id = contacts.prospect_id));
CREATE POLICY contacts_purge ON contacts FOR UPDATE TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_is_head()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_is_head()));

-- The Follow-ups search's index: read by the desks, pruned at a day's close.
CREATE POLICY prospect_grams_desk ON prospect_grams FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (false);

-- ------------------------------------------------------- appointments
--
-- Booked by the head or a line's manager in their own name; checked in,
-- cancelled or marked missed by the desks (which desk: the authority
-- table's).
GRANT SELECT, INSERT, UPDATE ON appointments TO lobbydesk_staff;
CREATE POLICY appointments_read ON appointments FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY appointments_book ON appointments FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch())
            AND ((SELECT lobbydesk_is_head()) OR (SELECT lobbydesk_line_manager()))
            AND booked_by = (SELECT lobbydesk_staff_code()));
CREATE POLICY appointments_work ON appointments FOR UPDATE TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));

-- ------------------------------------------ complaints and ratings
--
-- Anyone at a desk records a complaint in their own name; its owner or
-- the head resolves it. A finished visit is rated once by a desk or a
-- rating keypad (a kiosk login), in its own name.
GRANT SELECT, INSERT, UPDATE ON complaints TO lobbydesk_staff;
GRANT SELECT, INSERT ON ratings TO lobbydesk_staff;
CREATE POLICY complaints_read ON complaints FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY complaints_record ON complaints FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND opened_by = (SELECT lobbydesk_staff_code()));
CREATE POLICY complaints_resolve ON complaints FOR UPDATE TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
       AND ((SELECT lobbydesk_is_head()) OR owner = (SELECT lobbydesk_staff_code())))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND ((SELECT lobbydesk_is_head()) OR owner = (SELECT lobbydesk_staff_code())));
CREATE POLICY ratings_read ON ratings FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch())
       AND ((SELECT lobbydesk_desk()) OR (SELECT lobbydesk_kiosk())));
CREATE POLICY ratings_rate ON ratings FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch())
            AND ((SELECT lobbydesk_desk()) OR (SELECT lobbydesk_kiosk()))
            AND rated_by = (SELECT lobbydesk_staff_code()));

-- ------------------------------------------------------------ campaigns
--
-- Defined and sent by the head; the desks read them (a client's history
-- shows the campaigns it received).
GRANT SELECT, INSERT ON campaigns, campaign_sends TO lobbydesk_staff;
CREATE POLICY campaigns_read ON campaigns FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY campaigns_add ON campaigns FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_is_head())
            AND created_by = (SELECT lobbydesk_staff_code()));
CREATE POLICY campaign_sends_read ON campaign_sends FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY campaign_sends_send ON campaign_sends FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_is_head())
            AND "by" = (SELECT lobbydesk_staff_code()));

-- ----------------------------------------------- notices and the day
--
-- A notice is written by whoever's act it follows, in their own name (a
-- kiosk: a dedicated manager told their client arrived), and read by the
-- desks (it never holds a client's detail); a kiosk reads back its own.
-- Each person keeps how far they have read.
GRANT SELECT, INSERT ON notices TO lobbydesk_staff;
GRANT SELECT, INSERT, UPDATE ON notice_seen TO lobbydesk_staff;
CREATE POLICY notices_read ON notices FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch())
       AND ((SELECT lobbydesk_desk())
            OR (SELECT lobbydesk_kiosk()) AND by_staff = (SELECT lobbydesk_staff_code())));
CREATE POLICY notices_tell ON notices FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch())
            AND by_staff = (SELECT lobbydesk_staff_code())
            AND ((SELECT lobbydesk_desk())
                 OR (SELECT lobbydesk_kiosk()) AND kind = 'client.arrived'));
CREATE POLICY notice_seen_own ON notice_seen FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
       AND staff = (SELECT lobbydesk_staff_code()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND staff = (SELECT lobbydesk_staff_code()));

-- A day is closed by a desk in its own name (the lobby manager or the
-- head; an earlier day nobody closed, by the first desk of a later day),
-- with its frozen figures. A kiosk reads whether today is closed.
GRANT SELECT, INSERT ON day_closes, day_figures, day_targets TO lobbydesk_staff;
CREATE POLICY day_closes_read ON day_closes FOR SELECT TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch())
       AND ((SELECT lobbydesk_desk()) OR (SELECT lobbydesk_kiosk())));
CREATE POLICY day_closes_close ON day_closes FOR INSERT TO lobbydesk_staff
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk())
            AND closed_by = (SELECT lobbydesk_staff_code()));
CREATE POLICY day_figures_desk ON day_figures FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));
CREATE POLICY day_targets_desk ON day_targets FOR ALL TO lobbydesk_staff
USING (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()))
WITH CHECK (branch = (SELECT lobbydesk_staff_branch()) AND (SELECT lobbydesk_desk()));

-- --------------------------------------------------- refused out loud
--
-- Row-level security hides the rows a login may not change, so its
-- UPDATE would change nothing and say nothing. Before any row is looked
-- at, a login whose roles never write a table that way is refused with a
-- sentence instead (an office login is refused by its privileges; the
-- owner, and the functions and triggers running as the owner, pass).
CREATE FUNCTION lobbydesk_writers() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
    who TEXT := TG_ARGV[0];
    ok BOOLEAN;
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
       OR lobbydesk_staff_code() IS NULL THEN
        RETURN NULL;
    END IF;
    ok := CASE who
        WHEN 'head' THEN lobbydesk_is_head()
        WHEN 'manager' THEN lobbydesk_is_head() OR lobbydesk_line_manager()
        WHEN 'desk' THEN lobbydesk_desk()
        WHEN 'desk or kiosk' THEN lobbydesk_desk() OR lobbydesk_kiosk()
        WHEN 'serves or kiosk' THEN lobbydesk_serves() OR lobbydesk_kiosk()
        ELSE false END;
    IF ok THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% may not % %: only % may', lobbydesk_staff_code(), lower(TG_OP),
        TG_TABLE_NAME, CASE who
            WHEN 'head' THEN 'the branch head'
            WHEN 'manager' THEN 'the branch head or a line''s manager'
            WHEN 'desk' THEN 'a desk (not a kiosk or a display)'
            WHEN 'desk or kiosk' THEN 'a desk or a kiosk'
            ELSE 'a desk that serves or a kiosk' END
        USING ERRCODE = 'insufficient_privilege';
END $$;

DO $$
DECLARE
    w RECORD;
BEGIN
    FOR w IN SELECT * FROM (VALUES
        ('staff', 'INSERT OR UPDATE OR DELETE', 'head'),
        ('settings', 'INSERT OR UPDATE OR DELETE', 'head'),
        ('pairs', 'INSERT OR UPDATE OR DELETE', 'head'),
        ('targets', 'INSERT OR UPDATE OR DELETE', 'head'),
        ('campaigns', 'INSERT', 'head'),
        ('campaign_sends', 'INSERT', 'head'),
        ('appointments', 'INSERT', 'manager'),
        ('appointments', 'UPDATE', 'desk'),
        ('events', 'INSERT', 'desk or kiosk'),
        ('tickets', 'INSERT', 'serves or kiosk'),
        ('tickets', 'UPDATE', 'desk'),
        ('requests', 'INSERT', 'serves or kiosk'),
        ('notices', 'INSERT', 'desk or kiosk'),
        ('ratings', 'INSERT', 'desk or kiosk'),
        ('clients', 'INSERT OR UPDATE', 'desk'),
        ('cards', 'INSERT OR UPDATE', 'desk'),
        ('prospects', 'INSERT OR UPDATE', 'desk'),
        ('contacts', 'INSERT', 'desk'),
        ('contacts', 'UPDATE', 'head'),
        ('prospect_grams', 'DELETE', 'desk'),
        ('counter_pauses', 'INSERT OR UPDATE', 'desk'),
        ('complaints', 'INSERT OR UPDATE', 'desk'),
        ('notice_seen', 'INSERT OR UPDATE', 'desk'),
        ('cross_sell_shown', 'INSERT', 'desk'),
        ('cross_sell_cards', 'INSERT', 'desk'),
        ('day_closes', 'INSERT', 'desk'),
        ('day_figures', 'INSERT', 'desk'),
        ('day_targets', 'INSERT', 'desk')) AS v (t, ops, who)
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE %s ON %I FOR EACH STATEMENT
                        EXECUTE FUNCTION lobbydesk_writers(%L)',
                       'writers_' || replace(lower(w.ops), ' or ', '_'), w.ops, w.t, w.who);
    END LOOP;
END $$;
