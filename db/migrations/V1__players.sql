-- Players known to the casino. Players 15-19 deliberately do not exist: the enricher must
-- handle events for unknown players (it logs them and emits "player": {}).
CREATE TABLE players (
    id                bigserial PRIMARY KEY,
    email             text NOT NULL,
    last_signed_in_at timestamptz
);

INSERT INTO players (id, email, last_signed_in_at) VALUES
    (10, 'john@example.com',  now() - interval '1 hour'),
    (11, 'jane@example.com',  now() - interval '3 hours'),
    (12, 'bob@example.com',   now() - interval '2 days'),
    (13, 'rick@example.com',  now() - interval '5 hours'),
    (14, 'morty@example.com', now() - interval '1 day');

-- later inserts without an id must not collide with the seeded ones
SELECT setval('players_id_seq', (SELECT max(id) FROM players));
