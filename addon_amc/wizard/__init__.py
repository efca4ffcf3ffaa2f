from . import amc_backup_token_wizard
from . import amc_scope_suggestion
from . import account_move_reversal
