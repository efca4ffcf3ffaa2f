from . import amc_backup_token_wizard
