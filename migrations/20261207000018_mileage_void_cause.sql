-- Why the system voided a reading is a key, translated when shown: deleting a fuel fill's expense
-- voids its odometer reading, and the English words "fuel expense deleted" used to be stored as
-- the reason and shown to every reader. A reason a user types stays as typed; a reading has one or
-- the other once void. (Readings voided before keep their stored words.)
create type mileage_void_cause as enum ('expense_deleted');
alter table mileage_readings add column void_cause mileage_void_cause;
alter table mileage_readings drop constraint mileage_readings_void_check;
alter table mileage_readings add constraint mileage_readings_void_check
    check ((voided_at is null) = (num_nonnulls(void_reason, void_cause) = 0) and num_nonnulls(void_reason, void_cause) <= 1);
