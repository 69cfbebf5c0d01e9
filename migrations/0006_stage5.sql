CREATE TABLE `inspections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`inspected_on` text NOT NULL,
	`unannounced` integer DEFAULT false NOT NULL,
	`participants` text NOT NULL,
	`findings` text NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspections_candidate_idx` ON `inspections` (`candidate_id`,`id`);--> statement-breakpoint
CREATE TABLE `photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`report_id` integer NOT NULL,
	`object_key` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`caption` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `progress_reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `photos_candidate_idx` ON `photos` (`candidate_id`,`id`);--> statement-breakpoint
CREATE INDEX `photos_report_idx` ON `photos` (`report_id`);--> statement-breakpoint
CREATE TABLE `problems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`source` text NOT NULL,
	`inspection_id` integer,
	`vote_id` integer,
	`found_on` text NOT NULL,
	`description` text NOT NULL,
	`responsible_unit` text NOT NULL,
	`deadline` text NOT NULL,
	`status` text NOT NULL,
	`rectification` text,
	`rectified_on` text,
	`closed_at` integer,
	`closed_by` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`vote_id`) REFERENCES `votes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `problems_candidate_idx` ON `problems` (`candidate_id`,`id`);--> statement-breakpoint
CREATE INDEX `problems_status_idx` ON `problems` (`status`,`deadline`);--> statement-breakpoint
CREATE TABLE `project_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`kind` text NOT NULL,
	`decision_body` text NOT NULL,
	`decision_no` text NOT NULL,
	`decided_on` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text NOT NULL,
	`carried_to_cycle_id` integer,
	`announcement_no` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`carried_to_cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `changes_candidate_idx` ON `project_changes` (`candidate_id`,`id`);--> statement-breakpoint
CREATE TABLE `project_state` (
	`candidate_id` integer PRIMARY KEY NOT NULL,
	`cycle_id` integer NOT NULL,
	`jurisdiction_code` text NOT NULL,
	`year` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`responsible_unit` text NOT NULL,
	`status` text NOT NULL,
	`planned_yuan` integer NOT NULL,
	`percent` integer DEFAULT 0 NOT NULL,
	`disbursed_yuan` integer DEFAULT 0 NOT NULL,
	`latest_report_id` integer,
	`reported_on` text,
	`open_problems` integer DEFAULT 0 NOT NULL,
	`grade` text,
	`satisfied_or_basic` integer,
	`assessed_valid` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_state_cycle_idx` ON `project_state` (`cycle_id`,`position`);--> statement-breakpoint
CREATE INDEX `project_state_jy_idx` ON `project_state` (`jurisdiction_code`,`year`);--> statement-breakpoint
CREATE TABLE `public_ratings` (
	`candidate_id` integer NOT NULL,
	`rater_hash` text NOT NULL,
	`day` text NOT NULL,
	`rating` integer NOT NULL,
	PRIMARY KEY(`candidate_id`, `rater_hash`, `day`),
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `supervision_groups` (
	`candidate_id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`leader_deputy_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`leader_deputy_id`) REFERENCES `deputies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `supervision_members` (
	`candidate_id` integer NOT NULL,
	`deputy_id` integer NOT NULL,
	PRIMARY KEY(`candidate_id`, `deputy_id`),
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deputy_id`) REFERENCES `deputies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supervision_deputy_idx` ON `supervision_members` (`deputy_id`);--> statement-breakpoint
CREATE TABLE `year_totals` (
	`jurisdiction_code` text NOT NULL,
	`year` integer NOT NULL,
	`projects` integer NOT NULL,
	`planned_yuan` integer NOT NULL,
	`disbursed_yuan` integer NOT NULL,
	`completed` integer NOT NULL,
	`stopped` integer NOT NULL,
	`carried_over` integer NOT NULL,
	`open_problems` integer NOT NULL,
	`assessed` integer NOT NULL,
	`unsatisfied` integer NOT NULL,
	`satisfied_or_basic` integer NOT NULL,
	`assessed_valid` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`jurisdiction_code`, `year`)
);
--> statement-breakpoint
CREATE INDEX `year_totals_year_idx` ON `year_totals` (`year`);--> statement-breakpoint
ALTER TABLE `vote_results` ADD `basic` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `vote_results` ADD `grade` text;--> statement-breakpoint
ALTER TABLE `votes` ADD `allow_abstain` integer DEFAULT true NOT NULL;