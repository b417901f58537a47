-- First start of the compose PostgreSQL: the offer database is POSTGRES_DB (offers); Rasa's
-- tracker store gets its own database, so retention and erasure never touch the offers.
CREATE DATABASE conversations;
