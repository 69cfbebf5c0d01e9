CREATE TABLE `audit_log` (
	`jurisdiction_code` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`jurisdiction_code`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `cycles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`jurisdiction_code` text NOT NULL,
	`year` integer NOT NULL,
	`stage` text NOT NULL,
	`stage_since` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cycles_jurisdiction_year_uq` ON `cycles` (`jurisdiction_code`,`year`);--> statement-breakpoint
CREATE TABLE `deputies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`jurisdiction_code` text NOT NULL,
	`term` integer NOT NULL,
	`number` text NOT NULL,
	`name` text NOT NULL,
	`gender` text,
	`ethnicity` text,
	`delegation` text NOT NULL,
	`workplace` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deputies_number_uq` ON `deputies` (`jurisdiction_code`,`term`,`number`);--> statement-breakpoint
CREATE INDEX `deputies_delegation_idx` ON `deputies` (`jurisdiction_code`,`term`,`delegation`);--> statement-breakpoint
CREATE TABLE `deputy_credentials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deputy_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`deputy_id`) REFERENCES `deputies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deputy_credentials_hash_uq` ON `deputy_credentials` (`code_hash`);--> statement-breakpoint
CREATE INDEX `deputy_credentials_deputy_idx` ON `deputy_credentials` (`deputy_id`);--> statement-breakpoint
CREATE TABLE `jurisdictions` (
	`code` text PRIMARY KEY NOT NULL,
	`parent_code` text,
	`level` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`path` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jurisdictions_parent_idx` ON `jurisdictions` (`parent_code`);--> statement-breakpoint
CREATE INDEX `jurisdictions_path_idx` ON `jurisdictions` (`path`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer,
	`deputy_id` integer,
	`credential_id` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deputy_id`) REFERENCES `deputies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credential_id`) REFERENCES `deputy_credentials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_deputy_idx` ON `sessions` (`deputy_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`jurisdiction_code` text NOT NULL,
	`unit_name` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`jurisdiction_code`) REFERENCES `jurisdictions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_jurisdiction_idx` ON `users` (`jurisdiction_code`);